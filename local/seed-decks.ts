/**
 * Imports and publishes the demo decks through the production path: the CSV as an object, an
 * import record, the same worker function the `import-deck` Lambda runs, and a version effective
 * since the seed. Idempotent: a group that already has versions is left alone.
 */
import type { AuditEntry } from '../core/audit/audit';
import type { DeckImport } from '../core/imports/records';
import type { Clock } from '../core/ledger/ports';
import type { ObjectStore } from '../core/objects/object-store';
import { runDeckImport } from '../functions/import-deck/run-import';
import type { ImportStore } from '../functions/shared/dynamo/import-store';
import { DEMO_DECKS, type DemoDeck } from './demo-decks';

export interface DeckStores {
  readonly imports: ImportStore;
  readonly objects: ObjectStore;
}

export async function seedDecks(
  stores: DeckStores,
  paths: ReadonlyMap<string, string>,
  owners: ReadonlyMap<string, string>,
  nowEpochMs: number,
): Promise<void> {
  const clock: Clock = { nowEpochMs: () => nowEpochMs };
  for (const [index, demo] of DEMO_DECKS.entries()) {
    const existing = await stores.imports.versions(demo.rateGroupId);
    if (existing.some((v) => v.deckKind === demo.deckKind && v.trunkId === demo.trunkId)) continue;
    const accountId = owners.get(demo.rateGroupId)!;
    const record = importRecord(demo, index, accountId, paths.get(accountId)!, nowEpochMs);
    await stores.objects.put(record.uploadKey, Buffer.from(demo.csv), 'text/csv');
    await expectOk(
      stores.imports.create(record, audit(record, 'deck_import', { ...record }, nowEpochMs)),
    );
    await stores.imports.transition(record.importId, ['awaiting_upload'], {
      status: 'queued',
      updatedAtEpochMs: nowEpochMs,
    });
    if ((await runDeckImport({ ...stores, clock }, record.importId)) !== 'validated') {
      throw new Error(`seed: demo deck ${demo.rateGroupId}/${demo.deckKind} did not validate`);
    }
    const done = (await stores.imports.get(record.importId))!;
    const version = {
      versionId: done.importId,
      rateGroupId: done.rateGroupId,
      deckKind: done.deckKind,
      ...(done.trunkId ? { trunkId: done.trunkId } : {}),
      effectiveFromEpochMs: nowEpochMs,
      deckHash: done.deckHash!,
      deckKey: done.deckKey!,
      csvKey: done.uploadKey,
      format: done.format,
      rows: done.report!.accepted,
      publishedBy: 'system:seed',
      publishedAtEpochMs: nowEpochMs,
    };
    await expectOk(
      stores.imports.publish(version, audit(done, 'deck_version', { ...version }, nowEpochMs)),
    );
  }
}

function importRecord(
  demo: DemoDeck,
  index: number,
  accountId: string,
  path: string,
  now: number,
): DeckImport {
  // Fixed ids (the import id grammar) keep the seed idempotent and the demo's ids stable.
  const importId = `imp-00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
  return {
    importId,
    rateGroupId: demo.rateGroupId,
    accountId,
    path,
    deckKind: demo.deckKind,
    ...(demo.trunkId ? { trunkId: demo.trunkId } : {}),
    format: 'tollgate',
    status: 'awaiting_upload',
    uploadKey: `uploads/${importId}.csv`,
    bytesRead: 0,
    totalBytes: 0,
    createdBy: 'system:seed',
    createdAtEpochMs: now,
    updatedAtEpochMs: now,
  };
}

function audit(
  record: DeckImport,
  entity: string,
  after: Record<string, unknown>,
  atEpochMs: number,
): AuditEntry {
  return {
    auditId: `seed-${entity}-${record.importId}`,
    atEpochMs,
    actor: 'system:seed',
    action: 'create',
    entity,
    entityId: record.importId,
    accountId: record.accountId,
    path: record.path,
    after,
  };
}

async function expectOk(outcome: Promise<{ ok: boolean; code?: string }>): Promise<void> {
  const result = await outcome;
  if (!result.ok && !/_exists$/.test(result.code ?? ''))
    throw new Error(`seed: deck write refused: ${result.code}`);
}
