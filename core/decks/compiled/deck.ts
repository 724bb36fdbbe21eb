/**
 * A loaded compiled deck: typed-array views over the binary plus accessors for what a lookup
 * found. The accessors that build objects (rates, strings) are for results, not for the lookup
 * itself; rate terms are cached per terms id because a deck has few distinct prices.
 * `readTerms` is the rating hot path's accessor: it copies a row's cost terms straight from the
 * typed columns into a caller-owned object and allocates nothing.
 */
import type { DeckRate } from '../deck-rate';
import type { RateTerms } from '../../rating/rate';
import { formatWindow, type RateWindow } from '../windows';
import {
  TERM_FIELDS,
  type DeckArrays,
  type IndexArray,
  type SectionCounts,
  type TermField,
} from './layout';
import { ALWAYS_WINDOW_ID } from './tables';

/** Rate terms a caller reuses across rows (e.g. a rating loop's cursor). */
export type MutableRateTerms = { -readonly [K in keyof RateTerms]: RateTerms[K] };

const fieldNumber = (name: TermField): number => TERM_FIELDS.indexOf(name);
const CONNECT = fieldNumber('connect');
const PER_MINUTE = fieldNumber('perMinute');
const INCLUDED = fieldNumber('included');
const INITIAL = fieldNumber('initial');
const INCREMENT = fieldNumber('increment');
const PRIORITY = fieldNumber('priority');
const DESTINATION = fieldNumber('destination');
const STRIP = fieldNumber('strip');
const PREPEND = fieldNumber('prepend');
const FORCE_TRUNK = fieldNumber('forceTrunk');

export class CompiledDeck {
  private readonly decoder = new TextDecoder();
  private readonly strings: (string | undefined)[];
  private readonly terms: (RateTerms | undefined)[];
  private readonly windowTexts: (string | undefined)[] = [];

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
    const terms: RateTerms = Object.freeze({
      connectMicros: this.field(CONNECT, id),
      includedSeconds: this.field(INCLUDED, id),
      perMinuteMicros: this.field(PER_MINUTE, id),
      initialIncrementSeconds: this.field(INITIAL, id),
      incrementSeconds: this.field(INCREMENT, id),
    });
    this.terms[id] = terms;
    return terms;
  }

  /**
   * Copies the cost terms of `row` into `into` (no allocation, no cache to fill). Plain array
   * reads instead of five `field` calls: this runs inlined into the rating loop with the lookup,
   * and V8 inlines a caller only while everything it inlines stays under one bytecode budget;
   * over it, `selectRateInto` is called instead and boxes its instant argument per CDR.
   */
  readTerms(row: number, into: MutableRateTerms): void {
    const id = this.termsIdOf(row);
    const indexes = this.arrays.termIndexes as IndexArray[];
    const values = this.arrays.dictionaries as Float64Array[];
    into.connectMicros = (values[CONNECT] as Float64Array)[(indexes[CONNECT] as IndexArray)[id] as number] as number;
    into.includedSeconds = (values[INCLUDED] as Float64Array)[(indexes[INCLUDED] as IndexArray)[id] as number] as number;
    into.perMinuteMicros = (values[PER_MINUTE] as Float64Array)[(indexes[PER_MINUTE] as IndexArray)[id] as number] as number;
    into.initialIncrementSeconds = (values[INITIAL] as Float64Array)[(indexes[INITIAL] as IndexArray)[id] as number] as number;
    into.incrementSeconds = (values[INCREMENT] as Float64Array)[(indexes[INCREMENT] as IndexArray)[id] as number] as number;
  }

  /** The full row as a DeckRate (prefix from the lookup; `line` is not kept in the binary: 0). */
  rateOfRow(row: number, prefix: string): DeckRate {
    const id = this.termsIdOf(row);
    // Field by field, not a spread of termsOfRow: LCR builds one per trunk on every call.
    return {
      connectMicros: this.field(CONNECT, id),
      includedSeconds: this.field(INCLUDED, id),
      perMinuteMicros: this.field(PER_MINUTE, id),
      initialIncrementSeconds: this.field(INITIAL, id),
      incrementSeconds: this.field(INCREMENT, id),
      prefix,
      destination: this.string(this.field(DESTINATION, id)),
      priority: this.field(PRIORITY, id),
      strip: this.string(this.field(STRIP, id)),
      prepend: this.string(this.field(PREPEND, id)),
      forceTrunk: this.string(this.field(FORCE_TRUNK, id)),
      window: this.windowOfRow(row),
      line: 0,
    };
  }

  /** Terms entry `id`'s value of field number `field` (TERM_FIELDS order). */
  private field(field: number, id: number): number {
    const index = this.arrays.termIndexes[field]?.[id] ?? 0;
    return this.arrays.dictionaries[field]?.[index] ?? 0;
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
    const id = this.arrays.rowWindow[row] ?? ALWAYS_WINDOW_ID;
    const cached = this.windowTexts[id];
    if (cached !== undefined) return cached;
    const window = this.windowOfRow(row);
    const text = window === null ? '' : formatWindow(window);
    this.windowTexts[id] = text;
    return text;
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
