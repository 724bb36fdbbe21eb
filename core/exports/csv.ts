/**
 * CSV lines for exports (RFC 4180): a cell with a comma, quote, CR or LF is quoted and its
 * quotes doubled; a cell starting with = + - @ gets a leading apostrophe, so a spreadsheet never
 * runs an operator-typed name as a formula (CSV injection). Arrays join with `;`.
 */
export type CsvCell = string | number | boolean | null | undefined | readonly (string | number)[];

export interface CsvColumn<T> {
  readonly name: string;
  readonly value: (record: T) => CsvCell;
}

export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return `${columns.map((column) => escapeCell(column.name)).join(',')}\r\n`;
}

export function csvLine<T>(columns: readonly CsvColumn<T>[], record: T): string {
  return `${columns.map((column) => escapeCell(column.value(record))).join(',')}\r\n`;
}

function escapeCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  const text = Array.isArray(cell) ? cell.join(';') : String(cell);
  const safe = typeof cell === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
