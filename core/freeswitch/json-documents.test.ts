// Proves splitJsonDocuments loses nothing: on any text, the pieces are the text's own slices in
// order, and what lies between them is whitespace only; whole documents come out one each.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitJsonDocuments } from './json-documents';

describe('splitJsonDocuments', () => {
  it('cuts documents written one after another, pretty or not, strings holding braces kept whole', () => {
    const a = JSON.stringify({ variables: { uuid: 'a', note: '}{"' } }, null, 2);
    const b = JSON.stringify({ variables: { uuid: 'b', list: [1, { x: '\\' }] } });
    expect(splitJsonDocuments(`\n${a}${b}\n  junk {`).map((piece) => piece.text)).toEqual([a, b, 'junk ', '{']);
  });

  it('keeps every character but the whitespace between pieces (property)', () => {
    const chunk = fc.oneof(
      fc.constantFrom('{', '}', '[', ']', '"', '\\', '\n', '\n{', ' ', 'x', '{"a":"}"}'),
      fc.string({ maxLength: 5 }),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 40 }), (chunks) => {
        const text = chunks.join('');
        let cursor = 0;
        for (const piece of splitJsonDocuments(text)) {
          expect(text.slice(cursor, piece.offset).trim()).toBe('');
          expect(text.slice(piece.offset, piece.offset + piece.text.length)).toBe(piece.text);
          expect(piece.text.length).toBeGreaterThan(0);
          cursor = piece.offset + piece.text.length;
        }
        expect(text.slice(cursor).trim()).toBe('');
      }),
      { numRuns: 500 },
    );
  });
});
