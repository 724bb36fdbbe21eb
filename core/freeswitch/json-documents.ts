/**
 * JSON documents written one after another (`cat a.cdr.json b.cdr.json`, pretty-printed or not):
 * the text cut at each top-level `{…}`, by bracket depth outside strings. Text between them that
 * is not a document becomes a piece of its own, so it is reported rather than skipped. A document
 * cut short is a piece too (its parser names what is missing).
 */
export interface JsonPiece {
  readonly text: string;
  /** Where the piece starts in the whole text. */
  readonly offset: number;
}

export function splitJsonDocuments(text: string): JsonPiece[] {
  const pieces: JsonPiece[] = [];
  let index = 0;
  while (index < text.length) {
    const start = skipWhitespace(text, index);
    if (start >= text.length) break;
    const end = text[start] === '{' ? objectEnd(text, start) : text.indexOf('{', start);
    const stop = end === -1 ? text.length : end;
    pieces.push({ text: text.slice(start, stop), offset: start });
    index = stop;
  }
  return pieces;
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index]!)) index += 1;
  return index;
}

// The index just past the `}` closing the object opened at `start`; for a document cut short,
// where the next begins — a `{` opening a line (printers indent every inner one; a string holds
// no raw newline) — or the text's end.
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '\n' && text[index + 1] === '{') return index;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return text.length;
}
