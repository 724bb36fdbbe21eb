/**
 * Answers to calls are written together at the end of the event loop's turn (`setImmediate`
 * runs right after the poll phase that read the requests), not one by one as each is ready.
 * Why: on loopback, a write to a peer that sleeps in epoll wakes it from inside our writev, and
 * on a virtual machine that wake-up (an inter-processor interrupt) cost more CPU than the whole
 * answer. Written back to back, only the first write of a turn wakes FreeSWITCH's threads; the
 * others find them awake. The delay is the rest of the turn: microseconds, since every call in
 * it was already answered in memory.
 */
import type { ServerResponse } from 'node:http';

/** `startedAtMs`: when the request arrived (`performance.now()`), for the edge's answer times. */
type Answer = { response: ServerResponse; document: string; startedAtMs: number };

export class AnswerBatch {
  private pending: Answer[] = [];
  private scheduled = false;

  constructor(
    private readonly write: (response: ServerResponse, document: string, startedAtMs: number) => void,
    /** A write that throws loses its own answer only: the others are still written. */
    private readonly failed: (error: unknown) => void,
  ) {}

  add(response: ServerResponse, document: string, startedAtMs: number): void {
    this.pending.push({ response, document, startedAtMs });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const answers = this.pending;
    this.pending = [];
    this.scheduled = false;
    for (const answer of answers) {
      // A client gone meanwhile only loses its own answer.
      if (answer.response.destroyed) continue;
      try {
        this.write(answer.response, answer.document, answer.startedAtMs);
      } catch (error) {
        this.failed(error);
      }
    }
  }
}
