/**
 * Rate-deck imports of a rate group. The file never passes through the API: `POST …/imports`
 * answers an upload URL (presigned S3, or the local object server), the client uploads the CSV
 * there and calls `…/start`; the import runs asynchronously and `GET …/imports/{importId}`
 * shows its progress and, at the end, the line/column report. Only an error-free import can be
 * published as a version.
 */
import { TRANSFER_URL_SECONDS } from '../../../core/objects/object-store';
import {
  createdImportSchema,
  createImportBody,
  groupParams,
  importParams,
  importSchema,
  importView,
  publishBody,
  transferSchema,
  versionSchema,
  versionView,
} from '../config/deck-schemas';
import { createImport, importOf, publishImport, startImport } from '../config/deck-service';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { pathAccountTarget, TREE_READERS } from './access';
import { MONEY_WRITERS } from './money';

const BASE = '/accounts/{accountId}/rate-groups/{rateGroupId}/imports';

export const createImportRoute = defineRoute({
  method: 'POST',
  path: BASE,
  operationId: 'createDeckImport',
  summary: 'Start a deck import: answers the URL to upload the CSV to',
  idempotency: 'Each call creates a new import with its own upload URL.',
  access: { roles: MONEY_WRITERS, access: 'write' },
  params: groupParams,
  body: createImportBody,
  targets: ({ params }) => pathAccountTarget(params),
  responses: {
    201: { description: 'Created; upload the CSV, then start it', schema: createdImportSchema },
  },
  async handle(context) {
    const { record, upload } = await createImport(context, context.body);
    return { status: 201, body: { import: importView(record), upload } };
  },
});

export const startImportRoute = defineRoute({
  method: 'POST',
  path: `${BASE}/{importId}/start`,
  operationId: 'startDeckImport',
  summary: 'Queue an uploaded deck for its asynchronous import',
  idempotency: 'A second start is a 409 import_already_started; the import runs once.',
  access: { roles: MONEY_WRITERS, access: 'write' },
  params: importParams,
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 202: { description: 'Queued', schema: importSchema } },
  async handle(context) {
    return { status: 202, body: importView(await startImport(context, context.params.importId)) };
  },
});

export const getImportRoute = defineRoute({
  method: 'GET',
  path: `${BASE}/{importId}`,
  operationId: 'getDeckImport',
  summary: 'An import: status, progress, and the line/column report when done',
  idempotency: 'Read-only; a consistent read (poll it while the import runs).',
  access: { roles: TREE_READERS, access: 'read' },
  params: importParams,
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 200: { description: 'The import', schema: importSchema } },
  async handle(context) {
    return { status: 200, body: importView(await importOf(context, context.params.importId)) };
  },
});

export const importReportRoute = defineRoute({
  method: 'GET',
  path: `${BASE}/{importId}/report`,
  operationId: 'getDeckImportReport',
  summary: 'A URL to download the full report (every error and warning, up to 10,000 each)',
  idempotency: 'Read-only; each call signs a new URL.',
  access: { roles: TREE_READERS, access: 'read' },
  params: importParams,
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 200: { description: 'Download URL', schema: transferSchema } },
  async handle(context) {
    const record = await importOf(context, context.params.importId);
    if (!record.reportKey) {
      throw new ApiError(409, 'import_not_finished', 'the import has no report yet', 'importId');
    }
    return {
      status: 200,
      body: await context.deps.objects.downloadUrl(record.reportKey, TRANSFER_URL_SECONDS),
    };
  },
});

export const publishImportRoute = defineRoute({
  method: 'POST',
  path: `${BASE}/{importId}/publish`,
  operationId: 'publishDeckImport',
  summary: 'Publish an error-free import as a version, effective now or later',
  idempotency: 'A second publish is a 409 import_not_validated; one version per import.',
  access: { roles: MONEY_WRITERS, access: 'write' },
  params: importParams,
  body: publishBody,
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 201: { description: 'The version', schema: versionSchema } },
  async handle(context) {
    const version = await publishImport(
      context,
      context.params.importId,
      context.body.effectiveFromEpochMs,
    );
    return { status: 201, body: versionView(version) };
  },
});
