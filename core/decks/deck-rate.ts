import type { RateTerms } from '../rating/rate';
import type { RateWindow } from './windows';

/**
 * One valid row of a rate deck, in every format's common shape. Origination decks leave the
 * termination fields at their neutral values (priority 0, strip and prepend empty).
 */
export interface DeckRate extends RateTerms {
  /** Dial code: 1–20 digits. */
  readonly prefix: string;
  readonly destination: string;
  /** ASTPP's `Precedence`: lower is preferred among equal routes. */
  readonly priority: number;
  /** A literal prefix removed from the dialled number on the way out (termination). */
  readonly strip: string;
  /** Digits added in front of the dialled number on the way out (termination). */
  readonly prepend: string;
  /** Origination: the trunk every call on this prefix must take ('' = LCR decides). */
  readonly forceTrunk: string;
  /**
   * Time window (native `tollgate` format): the row applies only while it is in force; null or
   * absent = always. The validator always sets it, so every row shares one hidden class.
   */
  readonly window?: RateWindow | null;
  /** Physical line in the source file (header = line 1). */
  readonly line: number;
}
