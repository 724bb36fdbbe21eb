// Proves, on DynamoDB Local, that 8 concurrent workers × 500 debits on one account (10 % replayed keys, conflicts retried) keep balance = initial + Σ distinct postings, one posting per key, never below the floor.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerResult } from '../../core/ledger/outcomes';
import type { PostingInput } from '../../core/ledger/posting';
import { micros } from '../../core/money/micros';
import { createDynamoLedger, type DynamoLedger } from '../../functions/shared/dynamo/ledger';
import { seededRandom } from '../../bench/harness';
import { freshTables, type TestDynamo } from '../support/dynamo';

const WORKERS = 8;
const DEBITS_PER_WORKER = 500;
const REPLAY_SHARE = 0.1;
const ACCOUNT = 'hot';
/** Enough for roughly two thirds of the debits, so the floor is reached under contention. */
const INITIAL_MICROS = 1_000_000;
const SEED = Number(process.env.TOLLGATE_SEED ?? 20261122);

let dynamo: TestDynamo;
let ledgers: DynamoLedger[];

beforeAll(async () => {
  dynamo = await freshTables();
  // One client per worker, as separate Lambda instances would have.
  ledgers = Array.from({ length: WORKERS }, () =>
    createDynamoLedger(dynamo.documents, dynamo.names.ledger),
  );
  const first = ledgers[0]!;
  await first.repository.openBalance(
    { accountId: ACCOUNT, currency: 'USD', mode: 'prepaid', creditLimitMicros: 0 },
    Date.now(),
  );
  const refill = await first.service.post({
    postings: [debitFor('initial', INITIAL_MICROS)],
    floor: 'may_overdraw',
  });
  expect(refill.ok).toBe(true);
});

/** The content of a key is a function of the key, so every replay is faithful. */
function debitFor(key: string, amount?: number): PostingInput {
  const micro = amount ?? -(1 + (hash(key) % 700));
  return {
    accountId: ACCOUNT,
    amountMicros: micros(micro),
    kind: 'charge',
    idempotencyKey: key,
    reference: '',
    actor: 'test:worker',
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619) >>> 0;
  return h;
}

async function postRetrying(ledger: DynamoLedger, posting: PostingInput): Promise<LedgerResult> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const result = await ledger.service.post({ postings: [posting], floor: 'must_not_overdraw' });
    if (result.ok || result.code !== 'transaction_conflict') return result;
  }
  throw new Error('a debit kept conflicting after 50 service calls');
}

describe('ledger under concurrency', () => {
  it('keeps the balance equal to the sum of distinct postings', async () => {
    console.log(`concurrency seed ${SEED} (TOLLGATE_SEED=… replays it)`);
    const random = seededRandom(SEED);
    const issued: string[] = [];
    const accepted = new Map<string, number>();
    let lowest = INITIAL_MICROS;
    let replays = 0;
    const worker = async (index: number) => {
      const ledger = ledgers[index]!;
      for (let n = 0; n < DEBITS_PER_WORKER; n += 1) {
        const replay = issued.length > 0 && random() < REPLAY_SHARE;
        const key = replay ? issued[Math.floor(random() * issued.length)]! : `w${index}-${n}`;
        if (replay) replays += 1;
        else issued.push(key);
        const acceptedBefore = accepted.has(key);
        const result = await postRetrying(ledger, debitFor(key));
        // A replay of a debit that was accepted is its first result, never insufficient_funds.
        if (acceptedBefore) expect(result.ok).toBe(true);
        if (!result.ok) {
          expect(result.code).toBe('insufficient_funds');
          continue;
        }
        const posting = result.postings[0]!;
        const before = accepted.get(key);
        if (before !== undefined) expect(posting.createdAtEpochMs).toBe(before);
        accepted.set(key, posting.createdAtEpochMs);
        if (n % 10 === 0) {
          // A consistent read between writes: the balance is never seen below the floor.
          const balance = await ledger.service.getBalance(ACCOUNT);
          lowest = Math.min(lowest, balance!.balanceMicros);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));

    const postings = await allPostings();
    const keys = postings.map((p) => String(p.idempotencyKey));
    const sum = postings.reduce((total, p) => total + Number(p.amountMicros), 0);
    const balance = await ledgers[0]!.service.getBalance(ACCOUNT);
    console.log(`postings ${postings.length}, replays ${replays}, lowest balance ${lowest}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(accepted.size + 1);
    expect(balance!.balanceMicros).toBe(sum);
    expect(balance!.availableMicros).toBe(sum);
    expect(balance!.balanceMicros).toBeGreaterThanOrEqual(0);
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(replays).toBeGreaterThan(WORKERS * DEBITS_PER_WORKER * REPLAY_SHARE * 0.7);
  }, 180_000);
});

async function allPostings(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.documents.send(
      new QueryCommand({
        TableName: dynamo.names.ledger,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :posting)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${ACCOUNT}`, ':posting': 'POSTING#' },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
