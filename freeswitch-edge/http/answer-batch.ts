/**
 * Answers to calls, written together at the end of the event loop's turn while the loop is
 * busy, and each at once while it is not.
 *
 * Why batch under load: on loopback, a write to a peer that sleeps in epoll wakes it from inside
 * our writev, and on a virtual machine that wake-up (an inter-processor interrupt) cost more CPU
 * than the whole answer. Written back to back at the end of the turn (`setImmediate` runs right
 * after the poll phase that read the requests), only the first write of a turn wakes
 * FreeSWITCH's threads; the others find them awake. Measured: 11.8k → 17.8k answers a second at
 * saturation, 88 → 59 µs of CPU per call.
 *
 * Why not always: a held answer waits for the other calls of its turn. At 2,000 calls a second
 * (two per turn: the loader fires two per millisecond) the edge's own time was p50 259 µs, p99
 * 706 µs batched, against 136 and 274 µs written at once. So batching starts only when the
 * loop's utilization over the last window says calls are queueing (`loop-load.ts`).
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { EventLoopLoad, type LoopLoad } from './loop-load';

type Answer = { response: ServerResponse; document: string; startedAtMs: number };

export class AnswerBatch {
  private pending: Answer[] = [];
  private scheduled = false;

  constructor(
    private readonly write: (response: ServerResponse, document: string, startedAtMs: number) => void,
    /** A write that throws loses its own answer only: the others are still written. */
    private readonly failed: (error: unknown) => void,
    private readonly load: LoopLoad = new EventLoopLoad(),
  ) {}

  add(response: ServerResponse, document: string, startedAtMs: number): void {
    if (!this.load.busy(performance.now())) return this.writeOne({ response, document, startedAtMs });
    this.pending.push({ response, document, startedAtMs });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const answers = this.pending;
    this.pending = [];
    this.scheduled = false;
    for (const answer of answers) this.writeOne(answer);
  }

  private writeOne(answer: Answer): void {
    // A client gone meanwhile only loses its own answer.
    if (answer.response.destroyed) return;
    try {
      this.write(answer.response, answer.document, answer.startedAtMs);
    } catch (error) {
      this.failed(error);
    }
  }
}
