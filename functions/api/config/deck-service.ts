/**
 * Deck imports and versions of a rate group: the group must belong to the account in the path
 * (else 404, as if missing); an import is created with an upload URL, started (queued for the
 * worker), read while it runs, and — only when error-free — published as a version effective
 * now or later. Publishing writes the version, the import's new status and the audit entry in
 * one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../core/auth/roles';
import type { DeckKind } from '../../../core/imports/deck-import';
import type { DeckImport, DeckVersionRecord } from '../../../core/imports/records';
import { TRANSFER_URL_SECONDS, type TransferUrl } from '../../../core/objects/object-store';
import type { OwnedEntity } from '../../shared/dynamo/config-store';
import type { ApiDeps } from '../deps';
import { ApiError } from '../http/errors';
import { auditEntry } from './audit-entry';
import { notFound, throwUnlessWritten, unprocessable } from './outcomes';

/** A version may start a little in the past (clock skew between the operator and us), no more. */
export const EFFECTIVE_FROM_SKEW_MS = 60_000;

interface Request {
  readonly deps: ApiDeps;
  readonly principal: Principal | undefined;
  readonly requestId: string;
  readonly params: { readonly accountId: string; readonly rateGroupId: string };
}

type RateGroup = OwnedEntity<{ trunkIds: string[]; timezone: string }>;

export async function rateGroupOf(request: Request): Promise<RateGroup> {
  const { deps, params } = request;
  const group = await deps.config.get<RateGroup['data']>('rate_group', params.rateGroupId);
  if (!group || group.accountId !== params.accountId) {
    throw notFound('rate_group_not_found', 'no such rate group on this account', 'rateGroupId');
  }
  return group;
}

export interface ImportInput {
  readonly format: string;
  readonly deckKind: DeckKind;
  readonly trunkId?: string | undefined;
}

export async function createImport(
  request: Request,
  input: ImportInput,
): Promise<{ record: DeckImport; upload: TransferUrl }> {
  const group = await rateGroupOf(request);
  checkTrunk(group, input);
  const importId = `imp-${randomUUID()}`;
  const now = request.deps.clock.nowEpochMs();
  const record: DeckImport = {
    importId,
    rateGroupId: group.id,
    accountId: group.accountId,
    path: group.path,
    deckKind: input.deckKind,
    ...(input.trunkId !== undefined ? { trunkId: input.trunkId } : {}),
    format: input.format as DeckImport['format'],
    status: 'awaiting_upload',
    uploadKey: `uploads/${importId}.csv`,
    bytesRead: 0,
    totalBytes: 0,
    createdBy: request.principal!.actor,
    createdAtEpochMs: now,
    updatedAtEpochMs: now,
  };
  const upload = await request.deps.objects.uploadUrl(
    record.uploadKey,
    'text/csv',
    TRANSFER_URL_SECONDS,
  );
  const subject = {
    entity: 'deck_import',
    entityId: importId,
    accountId: group.accountId,
    path: group.path,
  };
  const audit = auditEntry(request, now, 'create', subject, { after: { ...record } });
  throwUnlessWritten(await request.deps.imports.create(record, audit));
  return { record, upload };
}

/** A termination deck names one of the group's trunks; an origination deck names none. */
function checkTrunk(group: RateGroup, input: ImportInput): void {
  if ((input.deckKind === 'termination') !== (input.trunkId !== undefined)) {
    const message = 'a termination deck names its trunk; an origination deck does not';
    throw unprocessable('trunk_id_mismatch', message, 'trunkId');
  }
  if (input.trunkId !== undefined && !group.data.trunkIds.includes(input.trunkId)) {
    const message = "the trunk is not one of the rate group's trunks";
    throw unprocessable('trunk_not_in_rate_group', message, 'trunkId');
  }
}

export async function importOf(request: Request, importId: string): Promise<DeckImport> {
  const record = await request.deps.imports.get(importId);
  const { accountId, rateGroupId } = request.params;
  if (!record || record.rateGroupId !== rateGroupId || record.accountId !== accountId) {
    throw notFound('import_not_found', 'no such import on this rate group', 'importId');
  }
  return record;
}

export async function startImport(request: Request, importId: string): Promise<DeckImport> {
  await importOf(request, importId);
  const now = request.deps.clock.nowEpochMs();
  const moved = await request.deps.imports.transition(importId, ['awaiting_upload'], {
    status: 'queued',
    updatedAtEpochMs: now,
  });
  if (!moved) {
    const message = 'this import was started already';
    throw new ApiError(409, 'import_already_started', message, 'importId');
  }
  await request.deps.importQueue.enqueue(importId);
  return importOf(request, importId);
}

export async function publishImport(
  request: Request,
  importId: string,
  effectiveFrom: number | undefined,
): Promise<DeckVersionRecord> {
  const record = await importOf(request, importId);
  if (record.status !== 'validated' || !record.deckHash || !record.deckKey || !record.report) {
    const message = `an import that is ${record.status} cannot be published`;
    throw new ApiError(409, 'import_not_validated', message, 'importId');
  }
  const now = request.deps.clock.nowEpochMs();
  const effectiveFromEpochMs = effectiveFrom ?? now;
  if (effectiveFromEpochMs < now - EFFECTIVE_FROM_SKEW_MS) {
    // History is what past calls were rated by: a new version may not rewrite it.
    const message = 'a version takes effect now or later';
    throw unprocessable('effective_from_in_past', message, 'effectiveFromEpochMs');
  }
  const version: DeckVersionRecord = {
    versionId: importId,
    rateGroupId: record.rateGroupId,
    deckKind: record.deckKind,
    ...(record.trunkId !== undefined ? { trunkId: record.trunkId } : {}),
    effectiveFromEpochMs,
    deckHash: record.deckHash,
    deckKey: record.deckKey,
    csvKey: record.uploadKey,
    format: record.format,
    rows: record.report.accepted,
    publishedBy: request.principal!.actor,
    publishedAtEpochMs: now,
  };
  const subject = {
    entity: 'deck_version',
    entityId: importId,
    accountId: record.accountId,
    path: record.path,
  };
  const audit = auditEntry(request, now, 'create', subject, { after: { ...version } });
  throwUnlessWritten(await request.deps.imports.publish(version, audit));
  return version;
}

export async function versionOf(request: Request, versionId: string): Promise<DeckVersionRecord> {
  await rateGroupOf(request);
  const versions = await request.deps.imports.versions(request.params.rateGroupId);
  const version = versions.find((candidate) => candidate.versionId === versionId);
  if (!version) {
    throw notFound('version_not_found', 'no such version of this rate group', 'versionId');
  }
  return version;
}
