/**
 * The deduplicating tables a compile fills: rate terms (a real A–Z deck repeats one price across
 * thousands of prefixes), each field dictionary-encoded (see layout.ts), and windows. Ids are
 * handed out in order of first use during the emission in stored node order, so the same deck content
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
  // Consecutive rows often repeat a value (one destination's prefixes): skip the Map then.
  private lastValue: V | undefined = undefined;
  private lastId = -1;

  /** `check` runs once per distinct value, so a 1M-row deck checks only its few distinct ones. */
  constructor(private readonly check: (value: V) => void = () => undefined) {}

  id(value: V): number {
    if (value === this.lastValue) return this.lastId;
    let id = this.ids.get(value);
    if (id === undefined) {
      this.check(value);
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    this.lastValue = value;
    this.lastId = id;
    return id;
  }
}

export class TermsTable {
  readonly numbers = [
    new Dictionary<number>(wholeMicros),
    new Dictionary<number>(wholeMicros),
    new Dictionary<number>(wholeSeconds),
    new Dictionary<number>(wholeSeconds),
    new Dictionary<number>(wholeSeconds),
    new Dictionary<number>(integer),
  ];
  readonly strings = TERM_FIELDS.slice(6).map(() => new Dictionary<string>());
  /** Per field, each terms entry's dictionary index (grown by doubling). */
  readonly indexes: Uint32Array[] = TERM_FIELDS.map(() => new Uint32Array(1024));
  count = 0;
  private slots: Int32Array;
  private readonly scratch = new Uint32Array(FIELD_COUNT);

  /** `expectedTerms` sizes the hash so that a big deck does not rehash a dozen times. */
  constructor(expectedTerms = 1024) {
    let pairs = 2048;
    while (pairs < expectedTerms * 2) pairs *= 2;
    this.slots = new Int32Array(pairs * 2).fill(-1);
  }

  termsId(rate: DeckRate): number {
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
      for (let id = 0; id < order.length; id += 1) {
        renumbered[id] = column[order[id] as number] as number;
      }
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

  /** Slots hold [terms id, hash] pairs side by side: one cache line per probe, and the full
   * field comparison runs only when the 32-bit hashes agree. */
  private findOrAdd(): number {
    const hash = this.hash();
    const mask = (this.slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[2 * slot] as number;
      if (id < 0) {
        this.slots[2 * slot] = this.add();
        this.slots[2 * slot + 1] = hash;
        if (this.count * 4 > this.slots.length) this.rehash();
        return this.count - 1;
      }
      if (this.slots[2 * slot + 1] === hash && this.matches(id)) return id;
    }
  }

  private hash(): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < FIELD_COUNT; i += 1) {
      h = Math.imul(h ^ (this.scratch[i] as number), 0x01000193);
    }
    return (h ^ (h >>> 15)) | 0;
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
    for (let i = 0; i < FIELD_COUNT; i += 1) {
      (this.indexes[i] as Uint32Array)[id] = this.scratch[i] as number;
    }
    this.count += 1;
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    const mask = (this.slots.length >> 1) - 1;
    for (let pair = 0; pair < old.length; pair += 2) {
      const id = old[pair] as number;
      if (id < 0) continue;
      const hash = old[pair + 1] as number;
      let slot = hash & mask;
      while ((this.slots[2 * slot] as number) >= 0) slot = (slot + 1) & mask;
      this.slots[2 * slot] = id;
      this.slots[2 * slot + 1] = hash;
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

function wholeMicros(value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`compile: ${value} is not whole micros`);
  }
}

function wholeSeconds(value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`compile: ${value} is not whole seconds`);
  }
}

function integer(value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`compile: priority ${value} is not an integer`);
  }
}
