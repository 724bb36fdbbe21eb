/**
 * Published versions of a rate group's decks: the list, a download URL for the CSV a version
 * was made from, and a comparison of two versions (added / removed / changed prefixes) so an
 * operator can check a new deck before it applies.
 */
import { z } from 'zod';
import { DECK_FORMATS } from '../../../core/decks/formats';
import { readDeck } from '../../../core/decks/read-deck';
import { compareDecks } from '../../../core/imports/compare';
import type { DeckVersionRecord } from '../../../core/imports/records';
import { TRANSFER_URL_SECONDS } from '../../../core/objects/object-store';
import {
  groupParams,
  importIdSchema,
  transferSchema,
  versionParams,
  versionSchema,
  versionView,
} from '../config/deck-schemas';
import { rateGroupOf, versionOf } from '../config/deck-service';
import { notFound } from '../config/outcomes';
import type { ApiDeps } from '../deps';
import { defineRoute } from '../http/route';
import { pathAccountTarget, TREE_READERS } from './access';

const BASE = '/accounts/{accountId}/rate-groups/{rateGroupId}/versions';

export const listVersionsRoute = defineRoute({
  method: 'GET',
  path: BASE,
  operationId: 'listDeckVersions',
  summary: 'Every published version of the rate group, by deck kind, trunk and start',
  idempotency: 'Read-only; a consistent read.',
  access: { roles: TREE_READERS, access: 'read' },
  params: groupParams,
  targets: ({ params }) => pathAccountTarget(params),
  responses: {
    200: {
      description: 'The versions',
      schema: z
        .object({ versions: z.array(versionSchema) })
        .strict()
        .meta({ id: 'DeckVersions' }),
    },
  },
  async handle(context) {
    await rateGroupOf(context);
    const versions = await context.deps.imports.versions(context.params.rateGroupId);
    return { status: 200, body: { versions: versions.map(versionView) } };
  },
});

export const downloadVersionRoute = defineRoute({
  method: 'GET',
  path: `${BASE}/{versionId}/csv`,
  operationId: 'downloadDeckVersion',
  summary: 'A URL to download the CSV a version was made from',
  idempotency: 'Read-only; each call signs a new URL.',
  access: { roles: TREE_READERS, access: 'read' },
  params: versionParams,
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 200: { description: 'Download URL', schema: transferSchema } },
  async handle(context) {
    const version = await versionOf(context, context.params.versionId);
    return {
      status: 200,
      body: await context.deps.objects.downloadUrl(version.csvKey, TRANSFER_URL_SECONDS),
    };
  },
});

const differenceSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    counts: z
      .object({ added: z.int(), removed: z.int(), changed: z.int(), unchanged: z.int() })
      .strict(),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({ key: z.string(), fields: z.array(z.string()) }).strict()),
    truncated: z.boolean(),
  })
  .strict()
  .meta({ id: 'DeckDifference' });

export const compareVersionsRoute = defineRoute({
  method: 'GET',
  path: `${BASE}/compare`,
  operationId: 'compareDeckVersions',
  summary: 'Prefixes added, removed and changed from one version to another',
  idempotency: 'Read-only.',
  access: { roles: TREE_READERS, access: 'read' },
  params: groupParams,
  query: z.object({ from: importIdSchema, to: importIdSchema }).strict(),
  targets: ({ params }) => pathAccountTarget(params),
  responses: { 200: { description: 'The difference', schema: differenceSchema } },
  async handle(context) {
    const { from, to } = context.query;
    const fromVersion = await versionOrField(context, from, 'from');
    const toVersion = await versionOrField(context, to, 'to');
    const difference = compareDecks(
      await ratesOf(context.deps, fromVersion),
      await ratesOf(context.deps, toVersion),
    );
    return { status: 200, body: { from, to, ...difference } };
  },
});

async function versionOrField(
  context: Parameters<typeof versionOf>[0],
  versionId: string,
  field: string,
) {
  try {
    return await versionOf(context, versionId);
  } catch {
    throw notFound('version_not_found', 'no such version of this rate group', field);
  }
}

/** The rates of a version, streamed again from its CSV (it validated clean when imported). */
async function ratesOf(deps: ApiDeps, version: DeckVersionRecord) {
  const object = await deps.objects.read(version.csvKey);
  if (!object)
    throw new Error(`version ${version.versionId}: its CSV ${version.csvKey} is missing`);
  return (await readDeck(object.chunks, DECK_FORMATS[version.format], { keepRates: true })).rates;
}
