/**
 * Reads a deck's header row into column positions. A missing or duplicated column is an error
 * on the header's line naming it (the deck is then rejected whole); unknown extra columns are
 * warnings. Trailing empty header cells (Excel's trailing comma) are ignored.
 */
import { normalizeColumnName, type ColumnSpec } from './formats';
import type { DeckIssue } from './report';

/** What a header needs of a column (deck formats, and other CSVs read the same way). */
export interface HeaderColumn {
  readonly name: string;
  readonly columnRequired: boolean;
  /** Other spellings a header may use (ASTPP's own exports); reports still use `name`. */
  readonly aliases?: readonly string[];
}

export interface ColumnPosition<S extends HeaderColumn = ColumnSpec> {
  readonly spec: S;
  readonly index: number;
}

export interface HeaderLayout<S extends HeaderColumn = ColumnSpec> {
  readonly positions: readonly ColumnPosition<S>[];
  /** Fields a data row must have: the header's cells without its trailing empty ones. */
  readonly width: number;
}

export type HeaderResult<S extends HeaderColumn = ColumnSpec> =
  | { readonly ok: true; readonly layout: HeaderLayout<S>; readonly warnings: readonly DeckIssue[] }
  | { readonly ok: false; readonly errors: readonly DeckIssue[]; readonly warnings: readonly DeckIssue[] };

export function readHeader<S extends HeaderColumn = ColumnSpec>(
  format: { readonly name: string; readonly columns: readonly S[] },
  cells: readonly string[],
  line: number,
): HeaderResult<S> {
  const width = widthWithoutTrailingEmpty(cells);
  const byName = new Map(
    format.columns.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])].map((name) => [normalizeColumnName(name), spec] as const)),
  );
  const found = new Map<S, number>();
  const errors: DeckIssue[] = [];
  const warnings: DeckIssue[] = [];
  for (let index = 0; index < width; index += 1) {
    const written = (cells[index] ?? '').trim();
    const spec = byName.get(normalizeColumnName(written));
    if (spec === undefined) {
      warnings.push(unknownColumn(written, index, line));
    } else if (found.has(spec)) {
      errors.push({
        line,
        column: spec.name,
        code: 'duplicate_column',
        message: `column "${spec.name}" appears more than once in the header`,
      });
    } else {
      found.set(spec, index);
    }
  }
  const hint = separatorHint(cells);
  for (const spec of format.columns) {
    if (spec.columnRequired && !found.has(spec)) {
      errors.push({
        line,
        column: spec.name,
        code: 'missing_column',
        message: `the header has no "${spec.name}" column (format ${format.name})${hint}`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  const positions = [...found].map(([spec, index]) => ({ spec, index }));
  return { ok: true, layout: { positions, width }, warnings };
}

function unknownColumn(written: string, index: number, line: number): DeckIssue {
  return {
    line,
    column: written === '' ? `#${index + 1}` : written,
    code: 'unknown_column',
    message:
      written === ''
        ? `column ${index + 1} has no name; its cells are ignored`
        : `"${written}" is not a column of this format; its cells are ignored`,
  };
}

/** A one-cell header holding `;` or a tab is a deck saved with another separator. */
function separatorHint(cells: readonly string[]): string {
  const named = cells.filter((cell) => cell.trim() !== '');
  if (named.length !== 1) return '';
  const only = named[0] ?? '';
  if (only.includes(';')) return '; the header looks separated by ";": decks are comma-separated';
  if (only.includes('\t')) return '; the header looks tab-separated: decks are comma-separated';
  return '';
}

/** Fields up to the last non-empty one: Excel's trailing commas do not count. */
export function widthWithoutTrailingEmpty(cells: readonly string[]): number {
  let width = cells.length;
  while (width > 0 && (cells[width - 1] ?? '').trim() === '') width -= 1;
  return width;
}
