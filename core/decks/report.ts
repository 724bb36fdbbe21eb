/**
 * The line/column report every deck import produces. `line` is the physical line where the
 * record starts (header = line 1); `column` is the format's canonical column name, or `*` when
 * the whole row is wrong (field count, unreadable CSV).
 */
export type DeckIssueCode =
  | 'missing_column'
  | 'duplicate_column'
  | 'unknown_column'
  | 'field_count'
  | 'invalid_csv'
  | 'required'
  | 'invalid_code'
  | 'invalid_money'
  | 'too_precise'
  | 'negative_money'
  | 'invalid_seconds'
  | 'invalid_integer'
  | 'invalid_value'
  | 'out_of_range'
  | 'duplicate_prefix'
  | 'invalid_weekdays'
  | 'invalid_time'
  | 'empty_window'
  | 'window_overlap';

export interface DeckIssue {
  readonly line: number;
  readonly column: string;
  readonly code: DeckIssueCode;
  readonly message: string;
}

export interface DeckReport {
  /** Data records read (blank lines excluded). */
  readonly rows: number;
  /** Valid data records (duplicate-prefix losers included: they are valid, just not used). */
  readonly accepted: number;
  readonly errors: readonly DeckIssue[];
  readonly warnings: readonly DeckIssue[];
  /** Present (true) when more errors or warnings existed than the report keeps. */
  readonly truncated?: true;
}

/** The report keeps at most this many errors (and, separately, warnings). */
export const MAX_REPORTED_ISSUES = 10_000;
