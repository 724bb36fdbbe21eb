/**
 * The import queue under `npm start` and in tests: imports run in this process, one at a time
 * (like a queue with one consumer), after the enqueuing request has been answered. A failure is
 * logged; the import then stays `running`, as a crashed Lambda would leave it, and the API's
 * `start` may queue it again.
 */
import type { ImportQueue } from '../../../core/imports/queue';

export class InProcessImportQueue implements ImportQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly run: (importId: string) => Promise<unknown>,
    private readonly onError: (importId: string, error: unknown) => void,
  ) {}

  async enqueue(importId: string): Promise<void> {
    this.tail = this.tail.then(async () => {
      // Yield first: the request that enqueued answers before the import starts.
      await new Promise((resolve) => setImmediate(resolve));
      await this.run(importId).catch((error: unknown) => this.onError(importId, error));
    });
  }

  /** Resolves when every import enqueued so far has finished (tests). */
  idle(): Promise<void> {
    return this.tail;
  }
}
