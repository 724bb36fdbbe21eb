/**
 * Windowed rows of one prefix must not overlap: the later row is an error that names the
 * earlier line. Only windowed rows are kept here (a prefix's window-less row follows the
 * duplicate rule instead), so a deck without windows costs nothing.
 */
import type { DeckRate } from './deck-rate';
import type { DeckIssue } from './report';
import { formatWindow, windowsOverlap, type RateWindow } from './windows';

export class WindowedRows {
  private readonly byPrefix = new Map<string, { window: RateWindow; line: number }[]>();

  /** `window` is the window of `rate` (not null); returns the overlap error, if any. */
  offer(rate: DeckRate, window: RateWindow): DeckIssue | null {
    const earlier = this.byPrefix.get(rate.prefix);
    const clash = earlier?.find((row) => windowsOverlap(row.window, window));
    if (clash !== undefined) {
      return {
        line: rate.line,
        column: 'weekdays',
        code: 'window_overlap',
        message:
          `the window ${formatWindow(window)} of prefix ${rate.prefix} overlaps ` +
          `${formatWindow(clash.window)} on line ${clash.line}`,
      };
    }
    if (earlier === undefined) this.byPrefix.set(rate.prefix, [{ window, line: rate.line }]);
    else earlier.push({ window, line: rate.line });
    return null;
  }
}
