/**
 * The deduplicating tables a compile fills: rate terms (a real A–Z deck repeats one price across
 * thousands of prefixes), strings (destinations, strip/prepend, trunks) and windows. Ids are
 * handed out in order of first use during the breadth-first emission, so the same deck content
 * always produces the same bytes and therefore the same content hash.
 */
import type { DeckRate } from '../deck-rate';
import { EVERY_DAY_MASK, MINUTES_PER_DAY, type RateWindow } from '../windows';

/** Window id 0 is "no window": the row applies always. */
export const ALWAYS_WINDOW_ID = 0;

export class DeckTables {
  readonly connect: number[] = [];
  readonly perMinute: number[] = [];
  readonly included: number[] = [];
  readonly initial: number[] = [];
  readonly increment: number[] = [];
  readonly priority: number[] = [];
  readonly destination: number[] = [];
  readonly strip: number[] = [];
  readonly prepend: number[] = [];
  readonly forceTrunk: number[] = [];
  readonly strings: string[] = [''];
  readonly windows: RateWindow[] = [
    { weekdayMask: EVERY_DAY_MASK, fromMinute: 0, toMinute: MINUTES_PER_DAY },
  ];
  private readonly termsByKey = new Map<string, number>();
  private readonly stringIds = new Map<string, number>([['', 0]]);
  private readonly windowIds = new Map<string, number>();

  termsId(rate: DeckRate): number {
    const destination = this.stringId(rate.destination);
    const strip = this.stringId(rate.strip);
    const prepend = this.stringId(rate.prepend);
    const forceTrunk = this.stringId(rate.forceTrunk);
    const key =
      `${rate.connectMicros},${rate.perMinuteMicros},${rate.includedSeconds},` +
      `${rate.initialIncrementSeconds},${rate.incrementSeconds},${rate.priority},` +
      `${destination},${strip},${prepend},${forceTrunk}`;
    const known = this.termsByKey.get(key);
    if (known !== undefined) return known;
    assertTerms(rate);
    const id = this.connect.length;
    this.termsByKey.set(key, id);
    this.connect.push(rate.connectMicros);
    this.perMinute.push(rate.perMinuteMicros);
    this.included.push(rate.includedSeconds);
    this.initial.push(rate.initialIncrementSeconds);
    this.increment.push(rate.incrementSeconds);
    this.priority.push(rate.priority);
    this.destination.push(destination);
    this.strip.push(strip);
    this.prepend.push(prepend);
    this.forceTrunk.push(forceTrunk);
    return id;
  }

  windowId(window: RateWindow | null | undefined): number {
    if (window === null || window === undefined) return ALWAYS_WINDOW_ID;
    const key = windowKey(window);
    const known = this.windowIds.get(key);
    if (known !== undefined) return known;
    const id = this.windows.length;
    if (id > 0xffff) throw new RangeError('compile: more than 65,535 distinct windows');
    this.windowIds.set(key, id);
    this.windows.push(window);
    return id;
  }

  private stringId(text: string): number {
    const known = this.stringIds.get(text);
    if (known !== undefined) return known;
    const id = this.strings.length;
    this.stringIds.set(text, id);
    this.strings.push(text);
    return id;
  }
}

/** Orders windowed rows of one prefix canonically (they never overlap, so order is cosmetic). */
export function windowKey(window: RateWindow): string {
  const start = String(window.fromMinute).padStart(4, '0');
  return `${start}:${window.toMinute}:${window.weekdayMask}`;
}

function assertTerms(rate: DeckRate): void {
  const wholeSeconds = [rate.includedSeconds, rate.initialIncrementSeconds, rate.incrementSeconds];
  const money = [rate.connectMicros, rate.perMinuteMicros];
  if (!money.every((value) => Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`compile: line ${rate.line} has money that is not whole micros`);
  }
  if (!wholeSeconds.every((value) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff)) {
    throw new RangeError(`compile: line ${rate.line} has seconds out of range`);
  }
  if (!Number.isInteger(rate.priority) || Math.abs(rate.priority) > 0x7fffffff) {
    throw new RangeError(`compile: line ${rate.line} has a priority out of range`);
  }
}
