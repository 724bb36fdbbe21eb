// Proves the packed search-page entry: it decodes to what was encoded (property), and the filter keeps exactly the entries in range matching every given field, the dialled prefix compared against the masked number.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeEntry,
  DISPOSITIONS,
  encodeEntry,
  entryMatches,
  entryOf,
  NO_CAUSE,
  type PageEntry,
} from './cdr-search-entry';

const DAY = Date.UTC(2026, 10, 22);
const entry: PageEntry = {
  id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  startedAtEpochMs: DAY + 45_296_789,
  disposition: 'answered',
  hangupCause: 'NORMAL_CLEARING',
  callee: '442071234567',
  caller: '+15551230001',
};

describe('search page entries', () => {
  it('round-trips every field, and keeps the common cause as an empty field', () => {
    const packed = encodeEntry(entry, DAY);
    expect(packed).not.toContain('NORMAL_CLEARING');
    expect(packed.length).toBeLessThan(75);
    expect(decodeEntry(packed, DAY)).toEqual(entry);
  });

  it('round-trips any entry of the day (property)', () => {
    const arbitrary = fc.record({
      id: fc.string({ minLength: 1, maxLength: 60 }).filter((id) => !id.includes('\u001f')),
      startedAtEpochMs: fc.integer({ min: DAY, max: DAY + 86_399_999 }),
      disposition: fc.constantFrom(...DISPOSITIONS),
      hangupCause: fc.constantFrom('NORMAL_CLEARING', 'NO_ANSWER', 'USER_BUSY', ''),
      callee: fc.stringMatching(/^\+?[0-9]{0,20}$/),
      caller: fc.stringMatching(/^[0-9a-z]{0,20}$/),
    });
    fc.assert(
      fc.property(arbitrary, (value) => {
        const decoded = decodeEntry(encodeEntry(value, DAY), DAY);
        const cause = value.hangupCause === '' ? 'NORMAL_CLEARING' : value.hangupCause;
        expect(decoded).toEqual({ ...value, hangupCause: cause });
      }),
    );
  });
});

describe('entryOf', () => {
  it('files an unreadable document at its arrival, with no cause and no numbers', () => {
    const item = { id: 'raw-1', status: 'unrated', batchId: 'b', receivedAtEpochMs: DAY + 5 };
    const unparsed = entryOf({ ...item, status: 'unrated' as const });
    expect(unparsed).toEqual({
      id: 'raw-1',
      startedAtEpochMs: DAY + 5,
      disposition: 'unrated',
      hangupCause: NO_CAUSE,
      callee: '',
      caller: '',
    });
    expect(decodeEntry(encodeEntry(unparsed, DAY), DAY)).toEqual(unparsed);
  });
});

describe('entryMatches', () => {
  const range = { fromEpochMs: DAY, toEpochMs: DAY + 86_400_000 };

  it('keeps an entry in range that matches every given field', () => {
    expect(entryMatches(entry, range)).toBe(true);
    expect(entryMatches(entry, { ...range, dialled: '+4420', caller: '1555' })).toBe(true);
    expect(entryMatches(entry, { ...range, disposition: 'answered' })).toBe(true);
    expect(entryMatches(entry, { ...range, hangupCause: 'NORMAL_CLEARING' })).toBe(true);
  });

  it('drops an entry outside the range or failing one field', () => {
    expect(entryMatches(entry, { ...range, toEpochMs: entry.startedAtEpochMs })).toBe(false);
    expect(entryMatches(entry, { ...range, fromEpochMs: entry.startedAtEpochMs + 1 })).toBe(false);
    expect(entryMatches(entry, { ...range, dialled: '33' })).toBe(false);
    expect(entryMatches(entry, { ...range, caller: '1556' })).toBe(false);
    expect(entryMatches(entry, { ...range, disposition: 'failed' })).toBe(false);
    expect(entryMatches(entry, { ...range, hangupCause: 'NO_ANSWER' })).toBe(false);
  });

  it('matches the dialled prefix against the masked number', () => {
    const masked = { ...range, dialledMaskDigits: 3 };
    expect(entryMatches(entry, { ...masked, dialled: '442071234' })).toBe(true);
    expect(entryMatches(entry, { ...masked, dialled: '4420712345' })).toBe(false);
  });
});
