// Proves the DynamoDB ledger on DynamoDB Local: atomic postings, replays, differing fields, funds, limits, paging, write units.
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ACTIONS_PER_TRANSACTION } from '../../core/ledger/limits';
import type { PostingInput } from '../../core/ledger/posting';
import { micros } from '../../core/money/micros';
import { createDynamoLedger, type DynamoLedger } from '../../functions/shared/dynamo/ledger';
import { freshTables } from '../support/dynamo';

let ledger: DynamoLedger;

beforeAll(async () => {
  const dynamo = await freshTables();
  ledger = createDynamoLedger(dynamo.documents, dynamo.names.ledger);
  const now = Date.now();
  await ledger.repository.openBalance(
    { accountId: 'pre', currency: 'USD', mode: 'prepaid', creditLimitMicros: 0 },
    now,
  );
  await ledger.repository.openBalance(
    { accountId: 'post', currency: 'USD', mode: 'postpaid', creditLimitMicros: 5_000_000 },
    now,
  );
  await ledger.repository.openBalance(
    { accountId: 'big', currency: 'USD', mode: 'prepaid', creditLimitMicros: 0 },
    now,
  );
});

function posting(
  accountId: string,
  amount: number,
  key: string,
  extra: Partial<PostingInput> = {},
): PostingInput {
  return {
    accountId,
    amountMicros: micros(amount),
    kind: amount > 0 ? 'refill' : 'charge',
    idempotencyKey: key,
    reference: 'ref',
    actor: 'user:admin',
    ...extra,
  };
}

describe('DynamoDB ledger', () => {
  it('credits, debits and replays; balance equals the sum of postings', async () => {
    const credit = await ledger.service.post({
      postings: [posting('pre', 10_000_000, 'r1')],
      floor: 'must_not_overdraw',
    });
    const debit = await ledger.service.post({
      postings: [posting('pre', -4_000_000, 'c1')],
      floor: 'must_not_overdraw',
    });
    const replay = await ledger.service.post({
      postings: [posting('pre', -4_000_000, 'c1')],
      floor: 'must_not_overdraw',
    });
    expect(credit.ok && debit.ok && replay.ok).toBe(true);
    if (!debit.ok || !replay.ok) return;
    expect(replay).toMatchObject({ replayed: true, writeUnits: 0 });
    expect(replay.postings).toEqual(debit.postings);
    expect((await ledger.service.getBalance('pre'))?.balanceMicros).toBe(6_000_000);
    const page = await ledger.service.listPostings('pre', 10);
    expect(page.postings.map((p) => p.idempotencyKey)).toEqual(['c1', 'r1']);
  });

  it('names the differing field and writes nothing', async () => {
    const result = await ledger.service.post({
      postings: [posting('pre', -4_000_000, 'c1', { reference: 'changed' })],
      floor: 'must_not_overdraw',
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'posting_exists_with_different_reference',
      field: 'reference',
    });
    expect((await ledger.service.getBalance('pre'))?.balanceMicros).toBe(6_000_000);
  });

  it('refuses to overdraw, and a postpaid account may use its credit limit', async () => {
    const short = await ledger.service.post({
      postings: [posting('pre', -6_000_001, 'c2')],
      floor: 'must_not_overdraw',
    });
    const credit = await ledger.service.post({
      postings: [posting('post', -5_000_000, 'c3')],
      floor: 'must_not_overdraw',
    });
    const beyond = await ledger.service.post({
      postings: [posting('post', -1, 'c4')],
      floor: 'must_not_overdraw',
    });
    expect(short).toMatchObject({ ok: false, code: 'insufficient_funds', accountId: 'pre' });
    expect(credit.ok).toBe(true);
    expect(beyond).toMatchObject({ ok: false, code: 'insufficient_funds', accountId: 'post' });
    const balance = await ledger.service.getBalance('post');
    expect(balance).toMatchObject({ balanceMicros: -5_000_000, availableMicros: 0 });
  });

  it('moves two accounts in one transaction (a transfer) or neither', async () => {
    const transfer = [posting('pre', -1_000_000, 't1'), posting('post', 1_000_000, 't1')];
    const ok = await ledger.service.post({ postings: transfer, floor: 'must_not_overdraw' });
    const tooMuch = [posting('pre', -99_000_000, 't2'), posting('post', 99_000_000, 't2')];
    const refused = await ledger.service.post({ postings: tooMuch, floor: 'must_not_overdraw' });
    expect(ok.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, code: 'insufficient_funds' });
    expect((await ledger.service.getBalance('post'))?.balanceMicros).toBe(-4_000_000);
    expect((await ledger.service.getBalance('pre'))?.balanceMicros).toBe(5_000_000);
  });

  it(`writes ${MAX_ACTIONS_PER_TRANSACTION - 1} postings behind one balance update and counts write units`, async () => {
    const batch = Array.from({ length: MAX_ACTIONS_PER_TRANSACTION - 1 }, (_, i) =>
      posting('big', -1000, `cdr-${i}`, { kind: 'cdr' }),
    );
    const result = await ledger.service.post({ postings: batch, floor: 'may_overdraw' });
    expect(result).toMatchObject({ ok: true, replayed: false });
    if (!result.ok) return;
    // Each posting: 2 units in the transaction + 1 into the byTime index; the balance item: 2.
    expect(result.writeUnits).toBe(99 * 3 + 2);
    expect((await ledger.service.getBalance('big'))?.balanceMicros).toBe(-99_000);
    const over = await ledger.service.post({
      postings: [...batch, posting('big', -1, 'one-more')],
      floor: 'may_overdraw',
    });
    expect(over).toMatchObject({ ok: false, code: 'too_many_actions', actions: 101 });
  });

  it('pages postings newest first with a cursor', async () => {
    const first = await ledger.service.listPostings('big', 40);
    expect(first.postings).toHaveLength(40);
    expect(first.nextCursor).toBeDefined();
    const second = await ledger.service.listPostings('big', 100, first.nextCursor);
    expect(second.postings).toHaveLength(59);
    const keys = new Set([...first.postings, ...second.postings].map((p) => p.idempotencyKey));
    expect(keys.size).toBe(99);
  });

  it('reports an unknown account', async () => {
    const result = await ledger.service.post({
      postings: [posting('ghost', 5, 'x')],
      floor: 'may_overdraw',
    });
    expect(result).toMatchObject({ ok: false, code: 'account_not_found', accountId: 'ghost' });
  });
});
