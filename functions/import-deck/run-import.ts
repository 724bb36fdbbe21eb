/**
 * One deck import, run asynchronously (SQS → `handler.ts` in the cloud, the in-process queue
 * under `npm start` and in tests): read the upload as a stream through the core importer,
 * persist progress at most every `PROGRESS_EVERY_MS`, then keep the full report as an object
 * and either fail the import (nothing published) or store the compiled binary
 * (`decks/<hash>.tgdeck`, named by its content hash) and mark the import validated.
 * Idempotent: only a `queued` (or crashed `running`) import is run; a redelivery finds it done.
 */
import { DECK_FORMATS } from '../../core/decks/formats';
import { importDeck } from '../../core/imports/deck-import';
import { summarize } from '../../core/imports/records';
import type { Clock } from '../../core/ledger/ports';
import type { ObjectStore } from '../../core/objects/object-store';
import type { ImportStore } from '../shared/dynamo/import-store';

/**
 * Progress writes are throttled: at most one small update per second, or per tenth of the file
 * (whichever comes first), so a poller sees it move and a 100 MB import stays cheap.
 */
export const PROGRESS_EVERY_MS = 1000;
export const PROGRESS_STEPS = 10;

export interface ImportDeps {
  readonly imports: ImportStore;
  readonly objects: ObjectStore;
  readonly clock: Clock;
}

export type ImportRunOutcome = 'validated' | 'failed' | 'not_runnable';

export async function runDeckImport(deps: ImportDeps, importId: string): Promise<ImportRunOutcome> {
  const record = await deps.imports.get(importId);
  if (!record) return 'not_runnable';
  const object = await deps.objects.read(record.uploadKey);
  const now = () => deps.clock.nowEpochMs();
  const started = await deps.imports.transition(importId, ['queued', 'running'], {
    status: 'running',
    bytesRead: 0,
    totalBytes: object?.sizeBytes ?? 0,
    updatedAtEpochMs: now(),
  });
  if (!started) return 'not_runnable';
  if (!object) {
    const report = {
      rows: 0,
      accepted: 0,
      errors: [
        { line: 1, column: '*', code: 'required' as const, message: 'nothing was uploaded' },
      ],
      warnings: [],
    };
    await deps.imports.transition(importId, ['running'], {
      status: 'failed',
      report: summarize(report),
      updatedAtEpochMs: now(),
    });
    return 'failed';
  }
  let persistedAt = now();
  let persistedBytes = 0;
  const step = Math.max(1, Math.floor(object.sizeBytes / PROGRESS_STEPS));
  const result = await importDeck(object.chunks, DECK_FORMATS[record.format], async (bytesRead) => {
    if (now() - persistedAt < PROGRESS_EVERY_MS && bytesRead - persistedBytes < step) return;
    persistedAt = now();
    persistedBytes = bytesRead;
    await deps.imports.progress(importId, bytesRead, persistedAt);
  });
  const reportKey = `reports/${importId}.json`;
  await deps.objects.put(reportKey, Buffer.from(JSON.stringify(result.report)), 'application/json');
  const done = {
    bytesRead: object.sizeBytes,
    report: summarize(result.report),
    reportKey,
    updatedAtEpochMs: now(),
  };
  if (!result.ok) {
    await deps.imports.transition(importId, ['running'], { ...done, status: 'failed' });
    return 'failed';
  }
  const deckKey = `decks/${result.hash}.tgdeck`;
  await deps.objects.put(deckKey, result.bytes, 'application/octet-stream');
  await deps.imports.transition(importId, ['running'], {
    ...done,
    status: 'validated',
    deckHash: result.hash,
    deckKey,
  });
  return 'validated';
}
