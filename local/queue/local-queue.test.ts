// Proves the local queue keeps SQS's semantics that the rater depends on: batches of at most 10,
// visibility timeout and redelivery with a growing receive count, stale receipt handles, the
// redrive to the dead-letter queue after maxReceiveCount, and partial batch failures through
// the poller (only reported records come back).
import { describe, expect, it } from 'vitest';
import { LocalQueue } from './local-queue';
import { pollOnce, type PollerOptions } from './poller';

function queues() {
  const clock = { now: 1_000 };
  const deadLetter = new LocalQueue({ name: 'cdrs-dlq', visibilityTimeoutMs: 30_000, clock: () => clock.now });
  const queue = new LocalQueue({ name: 'cdrs', visibilityTimeoutMs: 30_000, maxReceiveCount: 3, deadLetter, clock: () => clock.now });
  return { clock, queue, deadLetter };
}

describe('LocalQueue', () => {
  it('receives at most 10 at a time and hides them for the visibility timeout', () => {
    const { clock, queue } = queues();
    for (let i = 0; i < 25; i += 1) queue.send(`m${i}`);
    expect(queue.receive(50)).toHaveLength(10);
    expect(queue.receive(10)).toHaveLength(10);
    expect(queue.receive(10)).toHaveLength(5);
    expect(queue.receive(10)).toHaveLength(0);
    clock.now += 30_000;
    const again = queue.receive(10);
    expect(again.map((m) => m.receiveCount)).toEqual(Array(10).fill(2));
    expect(() => queue.sendBatch(Array(11).fill('x'))).toThrow(RangeError);
  });

  it('a stale receipt handle cannot delete a redelivered message', () => {
    const { clock, queue } = queues();
    queue.send('only');
    const [first] = queue.receive();
    clock.now += 30_000;
    const [second] = queue.receive();
    expect(queue.delete(first!.messageId, first!.receiptHandle)).toBe(false);
    expect(queue.depth).toBe(1);
    expect(queue.delete(second!.messageId, second!.receiptHandle)).toBe(true);
    expect(queue.depth).toBe(0);
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', () => {
    const { clock, queue, deadLetter } = queues();
    queue.send('poison');
    for (let receive = 1; receive <= 3; receive += 1) {
      expect(queue.receive().map((m) => m.receiveCount)).toEqual([receive]);
      clock.now += 30_000;
    }
    expect(queue.receive()).toEqual([]);
    expect(queue.depth).toBe(0);
    expect(deadLetter.peekAll().map((m) => m.body)).toEqual(['poison']);
  });
});

describe('pollOnce', () => {
  const base = (queue: LocalQueue): Omit<PollerOptions, 'handler'> => ({ queue, batchSize: 10, idleMs: 1, queueArn: 'arn:local:cdrs', log: () => undefined });

  it('deletes what succeeded; reported failures come back after the timeout', async () => {
    const { clock, queue } = queues();
    const ids = ['a', 'b', 'c'].map((body) => ({ body, id: queue.send(body) }));
    const seen: string[][] = [];
    const handler = async (event: { Records: { messageId: string; body: string }[] }) => {
      seen.push(event.Records.map((r) => r.body));
      return { batchItemFailures: event.Records.filter((r) => r.body === 'b').map((r) => ({ itemIdentifier: r.messageId })) };
    };
    expect(await pollOnce({ ...base(queue), handler })).toBe(3);
    expect(queue.depth).toBe(1);
    clock.now += 30_000;
    await pollOnce({ ...base(queue), handler });
    expect(seen).toEqual([['a', 'b', 'c'], ['b']]);
    expect(ids).toHaveLength(3);
  });

  it('a handler that throws fails the whole batch (nothing deleted, nothing lost)', async () => {
    const { clock, queue } = queues();
    queue.send('x');
    queue.send('y');
    await pollOnce({ ...base(queue), handler: async () => { throw new Error('DynamoDB unavailable'); } });
    expect(queue.depth).toBe(2);
    clock.now += 30_000;
    expect(await pollOnce({ ...base(queue), handler: async () => undefined })).toBe(2);
    expect(queue.depth).toBe(0);
  });
});
