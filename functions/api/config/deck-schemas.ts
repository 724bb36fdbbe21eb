/** Deck imports and versions on the wire. */
import { z } from 'zod';
import { DECK_FORMAT_NAMES } from '../../../core/decks/formats';
import { DECK_IMPORT_STATUSES, DECK_KINDS } from '../../../core/imports/deck-import';
import type { DeckImport, DeckVersionRecord } from '../../../core/imports/records';
import { accountIdSchema } from '../schemas';
import { entityIdSchema } from './fields';

export const importIdSchema = z
  .string()
  .regex(/^imp-[0-9a-f-]{36}$/, 'is not an import id this API returned');

export const groupParams = z
  .object({ accountId: accountIdSchema, rateGroupId: entityIdSchema })
  .strict();
export const importParams = groupParams.extend({ importId: importIdSchema }).strict();
export const versionParams = groupParams.extend({ versionId: importIdSchema }).strict();

export const createImportBody = z
  .object({
    format: z.enum(DECK_FORMAT_NAMES as [string, ...string[]]),
    deckKind: z.enum(DECK_KINDS),
    trunkId: entityIdSchema.optional(),
  })
  .strict();

export const publishBody = z.object({ effectiveFromEpochMs: z.int().min(0).optional() }).strict();

const issue = z
  .object({ line: z.int(), column: z.string(), code: z.string(), message: z.string() })
  .strict();

export const transferSchema = z
  .object({
    url: z.string(),
    method: z.enum(['PUT', 'GET']),
    headers: z.record(z.string(), z.string()),
    expiresAtEpochMs: z.int(),
  })
  .strict()
  .meta({ id: 'TransferUrl' });

export const importSchema = z
  .object({
    importId: z.string(),
    rateGroupId: z.string(),
    accountId: z.string(),
    deckKind: z.enum(DECK_KINDS),
    trunkId: z.string().optional(),
    format: z.string(),
    status: z.enum(DECK_IMPORT_STATUSES),
    bytesRead: z.int(),
    totalBytes: z.int(),
    /** 0–100, from bytes read (rows are not known before the end). */
    progressPercent: z.int(),
    report: z
      .object({
        rows: z.int(),
        accepted: z.int(),
        errorCount: z.int(),
        warningCount: z.int(),
        errors: z.array(issue),
        warnings: z.array(issue),
        truncated: z.boolean(),
      })
      .strict()
      .optional(),
    deckHash: z.string().optional(),
    createdBy: z.string(),
    createdAtEpochMs: z.int(),
    updatedAtEpochMs: z.int(),
  })
  .strict()
  .meta({ id: 'DeckImport' });

export const createdImportSchema = z
  .object({ import: importSchema, upload: transferSchema })
  .strict()
  .meta({ id: 'CreatedDeckImport' });

export const versionSchema = z
  .object({
    versionId: z.string(),
    rateGroupId: z.string(),
    deckKind: z.enum(DECK_KINDS),
    trunkId: z.string().optional(),
    effectiveFromEpochMs: z.int(),
    deckHash: z.string(),
    format: z.string(),
    rows: z.int(),
    publishedBy: z.string(),
    publishedAtEpochMs: z.int(),
  })
  .strict()
  .meta({ id: 'DeckVersion' });

export function importView(record: DeckImport): z.output<typeof importSchema> {
  const {
    path: _path,
    uploadKey: _upload,
    reportKey: _report,
    deckKey: _deck,
    ...visible
  } = record;
  const progressPercent =
    record.status === 'validated' || record.status === 'published' || record.status === 'failed'
      ? 100
      : record.totalBytes === 0
        ? 0
        : Math.floor((record.bytesRead * 100) / record.totalBytes);
  return {
    ...visible,
    report: visible.report
      ? {
          ...visible.report,
          errors: [...visible.report.errors],
          warnings: [...visible.report.warnings],
        }
      : undefined,
    progressPercent,
  };
}

export function versionView(version: DeckVersionRecord): z.output<typeof versionSchema> {
  const { deckKey: _deck, csvKey: _csv, ...visible } = version;
  return visible;
}
