/**
 * What the API keeps about deck imports and the versions they become. The report summary on the
 * record is capped (a DynamoDB item stays far below 400 KB); the full report is an object.
 */
import type { DeckFormatName } from '../decks/formats';
import type { DeckIssue, DeckReport } from '../decks/report';
import type { DeckImportStatus, DeckKind } from './deck-import';

/** Errors and warnings kept on the import record; the full report is in the object store. */
export const MAX_SUMMARY_ISSUES = 100;

export interface ReportSummary {
  readonly rows: number;
  readonly accepted: number;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly errors: readonly DeckIssue[];
  readonly warnings: readonly DeckIssue[];
  readonly truncated: boolean;
}

export interface DeckImport {
  readonly importId: string;
  readonly rateGroupId: string;
  /** The rate group's owner: its path decides who may see the import. */
  readonly accountId: string;
  readonly path: string;
  readonly deckKind: DeckKind;
  /** Termination decks belong to one trunk of the rate group. */
  readonly trunkId?: string;
  readonly format: DeckFormatName;
  readonly status: DeckImportStatus;
  readonly uploadKey: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly report?: ReportSummary;
  readonly reportKey?: string;
  readonly deckHash?: string;
  readonly deckKey?: string;
  readonly createdBy: string;
  readonly createdAtEpochMs: number;
  readonly updatedAtEpochMs: number;
}

export interface DeckVersionRecord {
  /** The import that produced it. */
  readonly versionId: string;
  readonly rateGroupId: string;
  readonly deckKind: DeckKind;
  readonly trunkId?: string;
  readonly effectiveFromEpochMs: number;
  readonly deckHash: string;
  readonly deckKey: string;
  readonly csvKey: string;
  readonly format: DeckFormatName;
  readonly rows: number;
  readonly publishedBy: string;
  readonly publishedAtEpochMs: number;
}

export function summarize(report: DeckReport): ReportSummary {
  return {
    rows: report.rows,
    accepted: report.accepted,
    errorCount: report.errors.length,
    warningCount: report.warnings.length,
    errors: report.errors.slice(0, MAX_SUMMARY_ISSUES),
    warnings: report.warnings.slice(0, MAX_SUMMARY_ISSUES),
    truncated:
      report.truncated === true ||
      report.errors.length > MAX_SUMMARY_ISSUES ||
      report.warnings.length > MAX_SUMMARY_ISSUES,
  };
}
