/**
 * Duplicate prefixes in one deck: the higher per-minute cost wins, then the higher connect cost,
 * then the earlier row. The losing row is valid (counted as accepted) and gets a
 * `duplicate_prefix` warning on its own line. Winners are kept in parallel arrays so a 1M-row
 * deck does not hold a million objects just to check for duplicates.
 */
import type { DeckRate } from './deck-rate';
import type { DeckIssue } from './report';

export class DuplicatePrefixes {
  private readonly slotByPrefix = new Map<string, number>();
  private readonly perMinute: number[] = [];
  private readonly connect: number[] = [];
  private readonly lines: number[] = [];

  /** `prefixColumn`: the format's canonical name for the prefix column, for the warnings. */
  constructor(private readonly prefixColumn: string) {}

  /**
   * Records `rate`; returns the slot it occupies when it wins (new or replacing), `null` when
   * it loses, plus the warning for whichever row lost.
   */
  offer(rate: DeckRate): { slot: number | null; replaced: boolean; warning: DeckIssue | null } {
    const slot = this.slotByPrefix.get(rate.prefix);
    if (slot === undefined) {
      const fresh = this.lines.length;
      this.slotByPrefix.set(rate.prefix, fresh);
      this.perMinute.push(rate.perMinuteMicros);
      this.connect.push(rate.connectMicros);
      this.lines.push(rate.line);
      return { slot: fresh, replaced: false, warning: null };
    }
    const keptLine = this.lines[slot] ?? 0;
    if (this.beats(rate, slot)) {
      this.perMinute[slot] = rate.perMinuteMicros;
      this.connect[slot] = rate.connectMicros;
      this.lines[slot] = rate.line;
      return { slot, replaced: true, warning: this.loser(keptLine, rate.prefix, rate.line) };
    }
    return { slot: null, replaced: false, warning: this.loser(rate.line, rate.prefix, keptLine) };
  }

  private loser(line: number, prefix: string, winnerLine: number): DeckIssue {
    return {
      line,
      column: this.prefixColumn,
      code: 'duplicate_prefix',
      message:
        `prefix ${prefix} is also on line ${winnerLine}, which wins ` +
        '(higher per-minute cost, then higher connect cost, then the earlier row)',
    };
  }

  private beats(rate: DeckRate, slot: number): boolean {
    const perMinute = this.perMinute[slot] ?? 0;
    if (rate.perMinuteMicros !== perMinute) return rate.perMinuteMicros > perMinute;
    return rate.connectMicros > (this.connect[slot] ?? 0);
  }
}

