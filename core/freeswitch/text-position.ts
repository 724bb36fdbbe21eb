/**
 * Where an offset falls in a text, as a person opening the file counts it: 1-based line and
 * column, so a report can point at the bad spot of a CDR file (parsers report offsets).
 */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, Math.max(0, offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  return { line, column: before.length - lineStart + 1 };
}

export function lineAndColumn(text: string, offset: number): string {
  const { line, column } = positionOf(text, offset);
  return `line ${line}, column ${column}`;
}
