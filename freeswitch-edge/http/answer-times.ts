/**
 * How long the edge took over its recent dialplan answers: from the request's arrival to its
 * answer's write, the edge's own share of a call's set-up time (the loopback round trip and
 * FreeSWITCH's own work are not in it). Kept for the last `capacity` answers in a fixed ring;
 * `/health` reports p50, p99 and max, so an operator sees "authorized in under a millisecond"
 * as a figure, and the bench reads it beside the round trip the loader measures.
 */

export interface AnswerTimesSummary {
  /** Answers the figures cover (the most recent ones, at most the ring's capacity). */
  readonly answers: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

export const ANSWER_TIMES_CAPACITY = 4096;

export class AnswerTimes {
  private readonly samplesUs: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(private readonly capacity = ANSWER_TIMES_CAPACITY) {
    this.samplesUs = new Float64Array(capacity);
  }

  record(elapsedUs: number): void {
    this.samplesUs[this.next] = elapsedUs;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled += 1;
  }

  /** Nearest-rank percentiles over the ring, in whole µs; null before the first answer. */
  summary(): AnswerTimesSummary | null {
    if (this.filled === 0) return null;
    const sorted = this.samplesUs.slice(0, this.filled).sort();
    const at = (fraction: number) => Math.round(sorted[Math.max(0, Math.ceil(fraction * this.filled) - 1)] ?? 0);
    return { answers: this.filled, p50Us: at(0.5), p99Us: at(0.99), maxUs: at(1) };
  }
}
