// Proves the version comparison counts added, removed, changed and unchanged prefixes exactly, keys windowed rows by their window, and caps its lists.
import { describe, expect, it } from 'vitest';
import type { DeckRate } from '../decks/deck-rate';
import { compareDecks, MAX_LISTED_DIFFERENCES } from './compare';

const rate = (
  prefix: string,
  perMinuteMicros: number,
  extra: Partial<DeckRate> = {},
): DeckRate => ({
  prefix,
  destination: 'd',
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros,
  initialIncrementSeconds: 0,
  incrementSeconds: 0,
  priority: 0,
  strip: '',
  prepend: '',
  forceTrunk: '',
  window: null,
  line: 2,
  ...extra,
});

describe('compareDecks', () => {
  it('names what changed', () => {
    const from = [rate('44', 10), rate('33', 20), rate('49', 30)];
    const to = [rate('44', 10), rate('33', 25, { destination: 'France' }), rate('81', 5)];
    expect(compareDecks(from, to)).toEqual({
      counts: { added: 1, removed: 1, changed: 1, unchanged: 1 },
      added: ['81'],
      removed: ['49'],
      changed: [{ key: '33', fields: ['destination', 'perMinuteMicros'] }],
      truncated: false,
    });
  });

  it('keeps windowed rows apart from the window-less row of the same prefix', () => {
    const window = { weekdayMask: 0b11111, fromMinute: 480, toMinute: 1080 };
    const difference = compareDecks([rate('44', 10)], [rate('44', 10), rate('44', 20, { window })]);
    expect(difference.counts).toEqual({ added: 1, removed: 0, changed: 0, unchanged: 1 });
    expect(difference.added[0]).toMatch(/^44 /);
  });

  it('caps the lists, not the counts', () => {
    const to = Array.from({ length: MAX_LISTED_DIFFERENCES + 5 }, (_, i) =>
      rate(String(100_000 + i), 1),
    );
    const difference = compareDecks([], to);
    expect(difference.counts.added).toBe(MAX_LISTED_DIFFERENCES + 5);
    expect(difference.added).toHaveLength(MAX_LISTED_DIFFERENCES);
    expect(difference.truncated).toBe(true);
  });
});
