/**
 * The deduplicating tables a compile fills: rate terms (a real A–Z deck repeats one price across
 * thousands of prefixes), each field dictionary-encoded (see layout.ts), and windows. Ids are
 * handed out in order of first use during the breadth-first emission, so the same deck content
 * always produces the same bytes and therefore the same content hash.
 *
 * Terms are deduplicated with an open-addressing hash over the ten field indexes instead of a
 * string key per row: a 1M-row compile would otherwise build a million temporary strings.
 */
import type { DeckRate } from '../deck-rate';
import { EVERY_DAY_MASK, MINUTES_PER_DAY, type RateWindow } from '../windows';
import { TERM_FIELDS } from './layout';

/** Window id 0 is "no window": the row applies always. */
export const ALWAYS_WINDOW_ID = 0;
const FIELD_COUNT = TERM_FIELDS.length;

/** What the binary writer needs from a terms table. */
export interface TermsColumns {
  readonly numbers: readonly { readonly values: readonly number[] }[];
  readonly strings: readonly { readonly values: readonly string[] }[];
  readonly indexes: readonly Uint32Array[];
  readonly count: number;
}

class Dictionary<V extends number | string> {
  readonly values: V[] = [];
  private readonly ids = new Map<V, number>();

  id(value: V): number {
    const known = this.ids.get(value);
    if (known !== undefined) return known;
    const id = this.values.length;
    this.ids.set(value, id);
    this.values.push(value);
    return id;
  }
}

export class TermsTable {
  readonly numbers = TERM_FIELDS.slice(0, 6).map(() => new Dictionary<number>());
  readonly strings = TERM_FIELDS.slice(6).map(() => new Dictionary<string>());
  /** Per field, each terms entry's dictionary index (grown by doubling). */
  readonly indexes: Uint32Array[] = TERM_FIELDS.map(() => new Uint32Array(1024));
  count = 0;
  private slots = new Int32Array(2048).fill(-1);
  private readonly scratch = new Uint32Array(FIELD_COUNT);

  termsId(rate: DeckRate): number {
    assertTerms(rate);
    const s = this.scratch;
    s[0] = this.numberId(0, rate.connectMicros);
    s[1] = this.numberId(1, rate.perMinuteMicros);
    s[2] = this.numberId(2, rate.includedSeconds);
    s[3] = this.numberId(3, rate.initialIncrementSeconds);
    s[4] = this.numberId(4, rate.incrementSeconds);
    s[5] = this.numberId(5, rate.priority);
    s[6] = this.stringId(0, rate.destination);
    s[7] = this.stringId(1, rate.strip);
    s[8] = this.stringId(2, rate.prepend);
    s[9] = this.stringId(3, rate.forceTrunk);
    return this.findOrAdd();
  }

  /** The value of numeric field `field` (0 connect, 1 per-minute, …) of terms entry `id`. */
  numberOf(field: number, id: number): number {
    const index = (this.indexes[field] as Uint32Array)[id] ?? 0;
    return (this.numbers[field] as Dictionary<number>).values[index] ?? 0;
  }

  /** The table with entries renumbered: new id i is old id `order[i]`; others drop out. */
  renumbered(order: Uint32Array): TermsColumns {
    const indexes = this.indexes.map((column) => {
      const renumbered = new Uint32Array(order.length);
      for (let id = 0; id < order.length; id += 1) renumbered[id] = column[order[id] as number] as number;
      return renumbered;
    });
    return { numbers: this.numbers, strings: this.strings, indexes, count: order.length };
  }

  private numberId(field: number, value: number): number {
    return (this.numbers[field] as Dictionary<number>).id(value);
  }

  private stringId(field: number, value: string): number {
    return (this.strings[field] as Dictionary<string>).id(value);
  }

  private findOrAdd(): number {
    const mask = this.slots.length - 1;
    for (let slot = this.hash() & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] ?? -1;
      if (id < 0) {
        this.slots[slot] = this.add();
        if (this.count * 2 > this.slots.length) this.rehash();
        return this.count - 1;
      }
      if (this.matches(id)) return id;
    }
  }

  private hash(): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < FIELD_COUNT; i += 1) h = Math.imul(h ^ (this.scratch[i] ?? 0), 0x01000193);
    return (h ^ (h >>> 15)) >>> 0;
  }

  private matches(id: number): boolean {
    for (let i = 0; i < FIELD_COUNT; i += 1) {
      if ((this.indexes[i] as Uint32Array)[id] !== this.scratch[i]) return false;
    }
    return true;
  }

  private add(): number {
    const id = this.count;
    if (id === (this.indexes[0] as Uint32Array).length) {
      for (let i = 0; i < FIELD_COUNT; i += 1) {
        const grown = new Uint32Array(id * 2);
        grown.set(this.indexes[i] as Uint32Array);
        this.indexes[i] = grown;
      }
    }
    for (let i = 0; i < FIELD_COUNT; i += 1) (this.indexes[i] as Uint32Array)[id] = this.scratch[i] ?? 0;
    this.count += 1;
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id += 1) {
      for (let i = 0; i < FIELD_COUNT; i += 1) this.scratch[i] = (this.indexes[i] as Uint32Array)[id] ?? 0;
      let slot = this.hash() & mask;
      while ((this.slots[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }
}

export class WindowTable {
  readonly windows: RateWindow[] = [
    { weekdayMask: EVERY_DAY_MASK, fromMinute: 0, toMinute: MINUTES_PER_DAY },
  ];
  private readonly ids = new Map<string, number>();

  id(window: RateWindow | null | undefined): number {
    if (window === null || window === undefined) return ALWAYS_WINDOW_ID;
    const key = windowKey(window);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.windows.length;
    if (id > 0xffff) throw new RangeError('compile: more than 65,535 distinct windows');
    this.ids.set(key, id);
    this.windows.push(window);
    return id;
  }
}

/** Orders windowed rows of one prefix canonically (they never overlap, so order is cosmetic). */
export function windowKey(window: RateWindow): string {
  const start = String(window.fromMinute).padStart(4, '0');
  return `${start}:${window.toMinute}:${window.weekdayMask}`;
}

function assertTerms(rate: DeckRate): void {
  if (!isWhole(rate.connectMicros) || !isWhole(rate.perMinuteMicros)) {
    throw new RangeError(`compile: line ${rate.line} has money that is not whole micros`);
  }
  if (!isWhole(rate.includedSeconds) || !isWhole(rate.initialIncrementSeconds) || !isWhole(rate.incrementSeconds)) {
    throw new RangeError(`compile: line ${rate.line} has seconds out of range`);
  }
  if (!isWhole(Math.abs(rate.priority))) {
    throw new RangeError(`compile: line ${rate.line} has a priority that is not an integer`);
  }
}

/** A safe integer >= 0 (the compile hot path: cheaper than Number.isSafeInteger on V8 here). */
function isWhole(value: number): boolean {
  return value >= 0 && value <= Number.MAX_SAFE_INTEGER && value % 1 === 0;
}
