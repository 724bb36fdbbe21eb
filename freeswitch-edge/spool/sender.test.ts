// Proves the sender marks records done only after the cloud accepted them, retries failures with
// capped, jittered backoff, honours batch size and age, and resumes after a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';
import { SpoolSender, type SenderPorts, type ShipOutcome } from './sender';
import { CdrSpool, type SpooledRecord } from './spool';

function ports(now: { ms: number }, answers: ShipOutcome[], shipped: string[][]): SenderPorts {
  return {
    ship: async (batch: readonly SpooledRecord[]) => {
      const answer = answers.shift() ?? { ok: true };
      if (answer.ok) shipped.push(batch.map((r) => r.payload.toString()));
      return answer;
    },
    clock: () => now.ms,
    random: () => 0.5,
    sleep: async (ms) => void (now.ms += ms),
    log: () => undefined,
  };
}

const limits = { maxBatchRecords: 3, maxBatchBytes: 1 << 20, maxBatchAgeMs: 1_000, idlePollMs: 100, backoff: { baseMs: 500, capMs: 4_000 } };

describe('SpoolSender', () => {
  it('sends full batches at once, partial ones after maxBatchAgeMs', async () => {
    const now = { ms: 10_000 };
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'sender-')), { clock: () => now.ms });
    for (const id of ['a', 'b', 'c', 'd']) await spool.append(Buffer.from(id));
    const shipped: string[][] = [];
    const sender = new SpoolSender(spool, ports(now, [], shipped), limits);
    expect(await sender.sendOnce((await sender.nextBatch())!)).toBe(true);
    expect(shipped).toEqual([['a', 'b', 'c']]);
    expect(await sender.nextBatch()).toBeNull(); // 'd' alone is too young
    now.ms += 1_000;
    expect(await sender.sendOnce((await sender.nextBatch())!)).toBe(true);
    expect(shipped).toEqual([['a', 'b', 'c'], ['d']]);
    expect(spool.stats().depthRecords).toBe(0);
    expect(sender.status().lastSuccessAtEpochMs).toBe(11_000);
  });

  it('keeps records until the cloud accepts them, and resumes after a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sender-'));
    const now = { ms: 0 };
    const first = await CdrSpool.open(directory, { clock: () => now.ms });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await first.spool.append(Buffer.from(id));
    const shipped: string[][] = [];
    const sender = new SpoolSender(first.spool, ports(now, [{ ok: false, reason: 'HTTP 503' }], shipped), limits);
    expect(await sender.sendOnce((await sender.nextBatch())!)).toBe(false);
    expect(sender.status()).toMatchObject({ consecutiveFailures: 1, lastFailure: 'HTTP 503' });
    expect(first.spool.stats().depthRecords).toBe(5);
    expect(await sender.sendOnce((await sender.nextBatch())!)).toBe(true);
    await first.spool.close();

    const second = await CdrSpool.open(directory, { clock: () => now.ms });
    const resumed = new SpoolSender(second.spool, ports(now, [], shipped), { ...limits, maxBatchAgeMs: 0 });
    expect(await resumed.sendOnce((await resumed.nextBatch())!)).toBe(true);
    expect(shipped).toEqual([['a', 'b', 'c'], ['d', 'e']]);
  });

  it('a thrown transport error counts as a failure, not a crash', async () => {
    const now = { ms: 0 };
    const { spool } = await CdrSpool.open(mkdtempSync(join(tmpdir(), 'sender-')), { clock: () => now.ms });
    await spool.append(Buffer.from('x'));
    const sender = new SpoolSender(spool, { ...ports(now, [], []), ship: async () => { throw new Error('ECONNREFUSED'); } }, { ...limits, maxBatchAgeMs: 0 });
    expect(await sender.sendOnce((await sender.nextBatch())!)).toBe(false);
    expect(sender.status().lastFailure).toContain('ECONNREFUSED');
  });

  it('backoff doubles up to its cap, with full jitter', () => {
    const policy = { baseMs: 500, capMs: 4_000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelayMs(policy, n, () => 0.999999))).toEqual([499, 999, 1_999, 3_999, 3_999, 3_999]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });
});
