/**
 * A loaded compiled deck: typed-array views over the binary plus accessors for what a lookup
 * found. The accessors that build objects (rates, strings) are for results, not for the lookup
 * itself; rate terms are cached per terms id because a deck has few distinct prices.
 */
import type { DeckRate } from '../deck-rate';
import type { RateTerms } from '../../rating/rate';
import { formatWindow, type RateWindow } from '../windows';
import type { DeckArrays, SectionCounts } from './layout';
import { ALWAYS_WINDOW_ID } from './tables';

export class CompiledDeck {
  private readonly decoder = new TextDecoder();
  private readonly strings: (string | undefined)[];
  private readonly terms: (RateTerms | undefined)[];

  constructor(
    /** sha256 (hex) of the content: the deck version's name, recorded on every call. */
    readonly hash: string,
    readonly arrays: DeckArrays,
    readonly counts: SectionCounts,
    /** Size of the binary in bytes. */
    readonly byteLength: number,
  ) {
    this.strings = new Array<string | undefined>(counts.stringCount);
    this.terms = new Array<RateTerms | undefined>(counts.termsCount);
  }

  /** The rate terms of `row`, one shared frozen object per distinct price. */
  termsOfRow(row: number): RateTerms {
    const id = this.termsIdOf(row);
    const cached = this.terms[id];
    if (cached !== undefined) return cached;
    const a = this.arrays;
    const terms: RateTerms = Object.freeze({
      connectMicros: a.termsConnect[id] ?? 0,
      includedSeconds: a.termsIncluded[id] ?? 0,
      perMinuteMicros: a.termsPerMinute[id] ?? 0,
      initialIncrementSeconds: a.termsInitial[id] ?? 0,
      incrementSeconds: a.termsIncrement[id] ?? 0,
    });
    this.terms[id] = terms;
    return terms;
  }

  /** The full row as a DeckRate (prefix from the lookup; `line` is not kept in the binary: 0). */
  rateOfRow(row: number, prefix: string): DeckRate {
    const id = this.termsIdOf(row);
    const a = this.arrays;
    return {
      ...this.termsOfRow(row),
      prefix,
      destination: this.string(a.termsDestination[id] ?? 0),
      priority: a.termsPriority[id] ?? 0,
      strip: this.string(a.termsStrip[id] ?? 0),
      prepend: this.string(a.termsPrepend[id] ?? 0),
      forceTrunk: this.string(a.termsForceTrunk[id] ?? 0),
      line: 0,
    };
  }

  /** The row's window, or `null` for a row that applies always. */
  windowOfRow(row: number): RateWindow | null {
    const id = this.arrays.rowWindow[row] ?? ALWAYS_WINDOW_ID;
    if (id === ALWAYS_WINDOW_ID) return null;
    return {
      weekdayMask: this.arrays.windowMask[id] ?? 0,
      fromMinute: this.arrays.windowFrom[id] ?? 0,
      toMinute: this.arrays.windowTo[id] ?? 0,
    };
  }

  /** Canonical window text for the CDR (`mon-fri 08:00-18:00`), '' for a window-less row. */
  windowTextOfRow(row: number): string {
    const window = this.windowOfRow(row);
    return window === null ? '' : formatWindow(window);
  }

  private termsIdOf(row: number): number {
    if (!(row >= 0 && row < this.counts.rowCount)) throw new RangeError(`deck: no row ${row}`);
    return this.arrays.rowTerms[row] ?? 0;
  }

  private string(id: number): string {
    const cached = this.strings[id];
    if (cached !== undefined) return cached;
    const offsets = this.arrays.stringOffsets;
    const bytes = this.arrays.stringData.subarray(offsets[id] ?? 0, offsets[id + 1] ?? 0);
    const text = this.decoder.decode(bytes);
    this.strings[id] = text;
    return text;
  }
}
