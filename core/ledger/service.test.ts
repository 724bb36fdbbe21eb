// Proves the ledger service's outcomes against an in-memory repository: replays, differing fields, funds, limits, conflicts.
import { describe, expect, it } from 'vitest';
import { micros } from '../money/micros';
import { MemoryLedger } from '../../test/support/memory-ledger';
import { MAX_ACTIONS_PER_TRANSACTION, MAX_CONFLICT_ATTEMPTS } from './limits';
import type { PostingInput } from './posting';
import { backoffMs, createLedgerService } from './service';

function setup() {
  const repository = new MemoryLedger();
  repository.open('a', 'prepaid', 10_000_000);
  repository.open('p', 'postpaid', 0, 5_000_000);
  let now = 1_700_000_000_000;
  const ledger = createLedgerService({
    repository,
    clock: { nowEpochMs: () => (now += 1) },
    backoff: { sleep: async () => {}, random: () => 0.5 },
  });
  return { repository, ledger };
}

function debit(
  accountId: string,
  amount: number,
  key: string,
  extra: Partial<PostingInput> = {},
): PostingInput {
  return {
    accountId,
    amountMicros: micros(-amount),
    kind: 'charge',
    idempotencyKey: key,
    reference: 'test',
    actor: 'user:admin',
    ...extra,
  };
}

describe('ledger service', () => {
  it('writes a debit and replays it with the first result', async () => {
    const { ledger, repository } = setup();
    const first = await ledger.post({
      postings: [debit('a', 1_000_000, 'k1')],
      floor: 'must_not_overdraw',
    });
    const again = await ledger.post({
      postings: [debit('a', 1_000_000, 'k1')],
      floor: 'must_not_overdraw',
    });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.replayed).toBe(true);
    expect(again.postings).toEqual(first.postings);
    expect(repository.balances.get('a')?.balanceMicros).toBe(9_000_000);
  });

  it.each([
    [{ amountMicros: micros(-2) }, 'posting_exists_with_different_amount', 'amountMicros'],
    [{ kind: 'cdr' as const }, 'posting_exists_with_different_kind', 'kind'],
    [{ reference: 'other' }, 'posting_exists_with_different_reference', 'reference'],
    [{ actor: 'user:other' }, 'posting_exists_with_different_actor', 'actor'],
  ])('names the differing field of a replay (%o)', async (change, code, field) => {
    const { ledger, repository } = setup();
    await ledger.post({ postings: [debit('a', 1, 'k')], floor: 'must_not_overdraw' });
    const result = await ledger.post({
      postings: [debit('a', 1, 'k', change)],
      floor: 'must_not_overdraw',
    });
    expect(result).toMatchObject({ ok: false, code, field });
    expect(repository.balances.get('a')?.balanceMicros).toBe(9_999_999);
  });

  it('refuses a debit beyond available funds, prepaid and postpaid', async () => {
    const { ledger, repository } = setup();
    const prepaid = await ledger.post({
      postings: [debit('a', 10_000_001, 'x')],
      floor: 'must_not_overdraw',
    });
    const postpaid = await ledger.post({
      postings: [debit('p', 5_000_000, 'y')],
      floor: 'must_not_overdraw',
    });
    const beyond = await ledger.post({
      postings: [debit('p', 1, 'z')],
      floor: 'must_not_overdraw',
    });
    expect(prepaid).toMatchObject({ ok: false, code: 'insufficient_funds', accountId: 'a' });
    expect(postpaid.ok).toBe(true);
    expect(beyond).toMatchObject({ ok: false, code: 'insufficient_funds' });
    expect(repository.balances.get('p')?.balanceMicros).toBe(-5_000_000);
  });

  it('lets may_overdraw debits (rated calls) go below the floor', async () => {
    const { ledger, repository } = setup();
    const result = await ledger.post({
      postings: [debit('a', 20_000_000, 'cdr1')],
      floor: 'may_overdraw',
    });
    expect(result.ok).toBe(true);
    expect(repository.balances.get('a')?.balanceMicros).toBe(-10_000_000);
  });

  it('writes only the new postings of a partly replayed batch', async () => {
    const { ledger, repository } = setup();
    await ledger.post({ postings: [debit('a', 1, 'b1')], floor: 'may_overdraw' });
    const batch = [debit('a', 1, 'b1'), debit('a', 2, 'b2'), debit('a', 3, 'b3')];
    const result = await ledger.post({ postings: batch, floor: 'may_overdraw' });
    expect(result).toMatchObject({ ok: true, replayed: false });
    expect(repository.balances.get('a')?.balanceMicros).toBe(10_000_000 - 6);
  });

  it(`accepts ${MAX_ACTIONS_PER_TRANSACTION - 1} postings of one account and refuses one more`, async () => {
    const { ledger } = setup();
    const many = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => debit('a', 1, `${prefix}${i}`));
    const fits = await ledger.post({
      postings: many(MAX_ACTIONS_PER_TRANSACTION - 1, 'f'),
      floor: 'may_overdraw',
    });
    const over = await ledger.post({
      postings: many(MAX_ACTIONS_PER_TRANSACTION, 'o'),
      floor: 'may_overdraw',
    });
    const withLease = await ledger.post({
      postings: many(MAX_ACTIONS_PER_TRANSACTION - 1, 'l'),
      floor: 'may_overdraw',
      extraActions: 1,
    });
    expect(fits.ok).toBe(true);
    expect(over).toMatchObject({ ok: false, code: 'too_many_actions', actions: 101 });
    expect(withLease).toMatchObject({ ok: false, code: 'too_many_actions' });
  });

  it.each([0, -0, 1.5, 2 ** 53, Number.NaN])(
    'rejects amount %s naming the field',
    async (amount) => {
      const { ledger, repository } = setup();
      const posting = { ...debit('a', 1, 'bad'), amountMicros: amount as never };
      const result = await ledger.post({ postings: [posting], floor: 'may_overdraw' });
      expect(result).toMatchObject({
        ok: false,
        code: 'invalid_posting',
        field: 'postings.0.amountMicros',
      });
      expect(repository.applyCalls).toBe(0);
    },
  );

  it('retries conflicts, then gives up with a retryable code', async () => {
    const { ledger, repository } = setup();
    repository.conflictsToInject = 2;
    expect((await ledger.post({ postings: [debit('a', 1, 'c1')], floor: 'may_overdraw' })).ok).toBe(
      true,
    );
    repository.conflictsToInject = MAX_CONFLICT_ATTEMPTS;
    const result = await ledger.post({ postings: [debit('a', 1, 'c2')], floor: 'may_overdraw' });
    expect(result).toMatchObject({ ok: false, code: 'transaction_conflict' });
  });

  it('reports unknown accounts', async () => {
    const { ledger } = setup();
    const result = await ledger.post({
      postings: [debit('nobody', 1, 'k')],
      floor: 'may_overdraw',
    });
    expect(result).toMatchObject({ ok: false, code: 'account_not_found', accountId: 'nobody' });
  });

  it('caps the jittered backoff', () => {
    expect(backoffMs(1, 0.999)).toBeLessThan(10);
    expect(backoffMs(20, 0.999)).toBeLessThan(200);
  });
});
