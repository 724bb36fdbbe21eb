/**
 * The streaming deck validator: feed it the header and then each record with its physical line;
 * `finish()` returns the report and (when asked to keep them) the winning rates. It holds no
 * more than one record at a time plus what duplicate detection needs.
 */
import type { DeckRate } from './deck-rate';
import type { RateWindow } from './windows';
import { DuplicatePrefixes } from './duplicates';
import type { DeckFormat } from './formats';
import { readHeader, type HeaderLayout } from './header';
import { MAX_REPORTED_ISSUES, type DeckIssue, type DeckReport } from './report';
import { isBlankRecord, readRow } from './row';
import { WindowedRows } from './window-overlaps';

export interface ValidatedDeck {
  readonly report: DeckReport;
  /** Winning rate per prefix, in file order of the winners' slots; empty unless kept. */
  readonly rates: readonly DeckRate[];
}

export class DeckValidator {
  private layout: HeaderLayout | null = null;
  private headerSeen = false;
  private headerRejected = false;
  private rows = 0;
  private accepted = 0;
  private readonly errors: DeckIssue[] = [];
  private readonly warnings: DeckIssue[] = [];
  private truncated = false;
  private readonly duplicates: DuplicatePrefixes;
  private readonly rates: DeckRate[] = [];
  private readonly windowed = new WindowedRows();
  /** Kept apart: `rates` is indexed by the duplicate tracker's slots. */
  private readonly windowedRates: DeckRate[] = [];

  constructor(
    private readonly format: DeckFormat,
    private readonly options: { readonly keepRates: boolean },
  ) {
    const prefixColumn = format.columns.find((spec) => spec.field === 'prefix');
    this.duplicates = new DuplicatePrefixes(prefixColumn?.name ?? 'prefix');
  }

  /** One CSV record; the first non-blank record is the header. */
  record(cells: readonly string[], line: number): void {
    if (isBlankRecord(cells)) return;
    if (!this.headerSeen) return this.header(cells, line);
    if (this.layout === null) return; // a rejected header rejects the whole deck: rows stay 0
    this.rows += 1;
    const row = readRow(this.layout, cells, line);
    if (!row.ok) return this.addErrors(row.errors);
    // Windowed rows skip the duplicate rule: one prefix may have many, if they never overlap.
    const window = row.rate.window ?? null;
    if (window !== null) return this.acceptWindowed(row.rate, window);
    this.accepted += 1;
    const offered = this.duplicates.offer(row.rate);
    if (offered.warning !== null) this.addWarning(offered.warning);
    if (!this.options.keepRates || offered.slot === null) return;
    if (offered.replaced) this.rates[offered.slot] = row.rate;
    else this.rates.push(row.rate);
  }

  private acceptWindowed(rate: DeckRate, window: RateWindow): void {
    const overlap = this.windowed.offer(rate, window);
    if (overlap !== null) return this.addErrors([overlap]);
    this.accepted += 1;
    if (this.options.keepRates) this.windowedRates.push(rate);
  }

  /** A record the CSV tokenizer could not read (e.g. a quote never closed). */
  malformed(line: number, message: string): void {
    if (this.headerRejected) return;
    if (this.headerSeen) this.rows += 1;
    this.addErrors([{ line, column: '*', code: 'invalid_csv', message }]);
  }

  finish(): ValidatedDeck {
    if (!this.headerSeen) this.header([], 1);
    this.warnings.sort((a, b) => a.line - b.line);
    const report: DeckReport = {
      rows: this.rows,
      accepted: this.accepted,
      errors: this.errors,
      warnings: this.warnings,
      ...(this.truncated ? { truncated: true as const } : {}),
    };
    if (this.layout === null) return { report, rates: [] };
    const rates = this.windowedRates.length === 0 ? this.rates : [...this.rates, ...this.windowedRates];
    return { report, rates };
  }

  private header(cells: readonly string[], line: number): void {
    this.headerSeen = true;
    const result = readHeader(this.format, cells, line);
    result.warnings.forEach((warning) => this.addWarning(warning));
    if (result.ok) this.layout = result.layout;
    else {
      this.headerRejected = true;
      this.addErrors(result.errors);
    }
  }

  private addErrors(errors: readonly DeckIssue[]): void {
    for (const error of errors) {
      if (this.errors.length < MAX_REPORTED_ISSUES) this.errors.push(error);
      else this.truncated = true;
    }
  }

  private addWarning(warning: DeckIssue): void {
    if (this.warnings.length < MAX_REPORTED_ISSUES) this.warnings.push(warning);
    else this.truncated = true;
  }
}
