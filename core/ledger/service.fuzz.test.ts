// Proves with fast-check that any sequence of debits, credits and replays keeps balance = Σ distinct postings, one posting per key, and guarded debits above the floor (prints the seed on failure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../test/support/memory-ledger';
import { micros } from '../money/micros';
import type { FloorPolicy, PostingInput } from './posting';
import { createLedgerService } from './service';

const operation = fc.record({
  key: fc.integer({ min: 0, max: 30 }).map((n) => `k${n}`),
  amountMicros: fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0),
  floor: fc.constantFrom<FloorPolicy>('must_not_overdraw', 'may_overdraw'),
  conflicts: fc.integer({ min: 0, max: 3 }),
});

describe('ledger service (property)', () => {
  it('keeps balance equal to the sum of distinct postings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 60 }), async (operations) => {
        const repository = new MemoryLedger();
        repository.open('a', 'postpaid', 0, 10_000);
        const ledger = createLedgerService({
          repository,
          clock: { nowEpochMs: () => 1 },
          backoff: { sleep: async () => {}, random: () => 0 },
        });
        const firstAmount = new Map<string, number>();
        for (const op of operations) {
          repository.conflictsToInject = op.conflicts;
          const posting: PostingInput = {
            accountId: 'a',
            amountMicros: micros(op.amountMicros),
            kind: 'adjustment',
            idempotencyKey: op.key,
            reference: '',
            actor: 'fuzz',
          };
          const result = await ledger.post({ postings: [posting], floor: op.floor });
          const first = firstAmount.get(op.key);
          if (first !== undefined && first !== op.amountMicros) {
            expect(result).toMatchObject({ ok: false, code: 'posting_exists_with_different_amount' });
          }
          if (result.ok && first === undefined) firstAmount.set(op.key, op.amountMicros);
          const balance = repository.balances.get('a')!.balanceMicros;
          if (result.ok && op.floor === 'must_not_overdraw' && op.amountMicros < 0 && first === undefined) {
            expect(balance).toBeGreaterThanOrEqual(-10_000);
          }
        }
        const sum = [...repository.postings.values()].reduce((t, p) => t + p.amountMicros, 0);
        expect(repository.balances.get('a')!.balanceMicros).toBe(sum);
        expect(repository.postings.size).toBe(firstAmount.size);
      }),
      { numRuns: 200 },
    );
  });
});
