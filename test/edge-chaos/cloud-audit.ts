/**
 * What the chaos tests read back from the cloud to prove "rated exactly once": every CDR item
 * in the `cdrs` table, balances, the sum of each account's postings, and the charges of one
 * control call per demo customer (posted straight to the API before the chaos) — every chaos
 * CDR of a customer is that same call, so it must cost exactly what the control cost.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LevelChargeRecord } from '../../core/cdr/rated-cdr';
import type { StoredCdr } from '../../functions/shared/dynamo/cdr-store';
import { CDR_SK } from '../../functions/shared/dynamo/cdr-store';
import { edgeCdrsFromDocument } from '../../freeswitch-edge/spool/receive-cdr';
import { CHAOS_ACCOUNTS, chaosCdrText, type ChaosCall } from './chaos-cdrs';
import type { ChaosCloud } from './cloud';

export type StoredCharges = StoredCdr & { readonly accountId?: string; readonly charges?: readonly LevelChargeRecord[] };

/** Every CDR item in the cloud's table, by uuid. */
export async function cdrItems(cloud: ChaosCloud): Promise<Map<string, StoredCharges>> {
  const items = new Map<string, StoredCharges>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await cloud.dynamo.documents.send(
      new ScanCommand({
        TableName: cloud.dynamo.names.cdrs,
        FilterExpression: 'sk = :cdr',
        ExpressionAttributeValues: { ':cdr': CDR_SK },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of (page.Items ?? []) as StoredCharges[]) items.set(item.id, item);
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

export async function balanceOf(cloud: ChaosCloud, accountId: string): Promise<number> {
  return Number((await cloud.rater.ledger.getBalance(accountId))?.balanceMicros ?? Number.NaN);
}

/** The sum of every posting of the account since it was opened. */
export async function postingSum(cloud: ChaosCloud, accountId: string): Promise<number> {
  let sum = 0;
  let cursor: string | undefined;
  do {
    const page = await cloud.rater.ledger.listPostings(accountId, 100, cursor);
    for (const posting of page.postings) sum += Number(posting.amountMicros);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return sum;
}

/** Each level's charge of one chaos call per demo customer, rated through the real pipeline. */
export async function controlCharges(cloud: ChaosCloud, answeredAtEpochMs: number): Promise<Map<string, readonly LevelChargeRecord[]>> {
  const calls: ChaosCall[] = CHAOS_ACCOUNTS.map((account) => ({ uuid: randomUUID(), account, answeredAtEpochMs }));
  const cdrs = calls.flatMap((call) =>
    edgeCdrsFromDocument(chaosCdrText(call), 'http', answeredAtEpochMs),
  );
  const response = await fetch(`${cloud.url}/edge/cdrs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': cloud.edgeApiKey },
    body: JSON.stringify({ cdrs }),
  });
  if (response.status !== 202) throw new Error(`control CDRs: ${response.status} ${await response.text()}`);
  const charges = new Map<string, readonly LevelChargeRecord[]>();
  for (let waited = 0; charges.size < calls.length && waited < 30_000; waited += 50) {
    for (const call of calls) {
      const item = (await cloud.rater.cdrs.get(call.uuid)) as StoredCharges | undefined;
      if (item === undefined) continue;
      if (item.status !== 'rated' || !item.charges?.length) throw new Error(`control ${call.account}: ${JSON.stringify(item)}`);
      charges.set(call.account, item.charges);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (charges.size < calls.length) throw new Error('control CDRs were not rated within 30 s');
  // The items are written before the batch's postings: the message is gone once both are.
  for (let waited = 0; cloud.queued().depth > 0; waited += 50) {
    if (waited > 30_000) throw new Error('control CDRs were not posted within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return charges;
}

/** Every account any control call charges (customers and the resellers above them). */
export function chargedAccounts(control: Map<string, readonly LevelChargeRecord[]>): string[] {
  return [...new Set([...control.values()].flatMap((charges) => charges.map((charge) => charge.accountId)))].sort();
}

/** Per account: the sum of the given items' charges, and what the control calls say it must be. */
export function chargeTotals(items: Iterable<StoredCharges>, control: Map<string, readonly LevelChargeRecord[]>) {
  const stored = new Map<string, number>();
  const expected = new Map<string, number>();
  const add = (totals: Map<string, number>, charge: LevelChargeRecord) =>
    totals.set(charge.accountId, (totals.get(charge.accountId) ?? 0) + charge.chargeMicros);
  for (const item of items) {
    for (const charge of item.charges ?? []) add(stored, charge);
    for (const charge of control.get(String(item.accountId)) ?? []) add(expected, charge);
  }
  return { stored, expected };
}

/**
 * Every `cdrs:<batch>` posting of the account against the charges of the items that batch
 * owns: a CDR charged twice shows up here as a posting with no item, or an amount too large.
 */
export async function batchMismatches(cloud: ChaosCloud, accountId: string, items: Iterable<StoredCharges>): Promise<string[]> {
  const owned = new Map<string, number>();
  for (const item of items) {
    for (const charge of item.charges ?? []) {
      if (charge.accountId === accountId) owned.set(item.batchId, (owned.get(item.batchId) ?? 0) + charge.chargeMicros);
    }
  }
  const posted = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await cloud.rater.ledger.listPostings(accountId, 100, cursor);
    for (const posting of page.postings) {
      if (posting.kind !== 'cdr') continue;
      const batchId = posting.idempotencyKey.replace(/^cdrs:/, '').replace(/:[0-9]+$/, '');
      posted.set(batchId, (posted.get(batchId) ?? 0) - Number(posting.amountMicros));
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const batches = new Set([...owned.keys(), ...posted.keys()]);
  return [...batches].filter((batch) => owned.get(batch) !== posted.get(batch)).map((batch) => `${accountId} ${batch}: items ${owned.get(batch)} posted ${posted.get(batch)}`);
}

export interface PricedStart {
  readonly answeredAtEpochMs: number;
  readonly control: Map<string, readonly LevelChargeRecord[]>;
  /** Balances of every account the control calls charge, once they are posted. */
  readonly before: Map<string, number>;
}

/** Control calls answered now, then the balances every later charge is measured from. */
export async function pricedStart(cloud: ChaosCloud): Promise<PricedStart> {
  const answeredAtEpochMs = Date.now();
  const control = await controlCharges(cloud, answeredAtEpochMs);
  return { answeredAtEpochMs, control, before: await balancesOf(cloud, chargedAccounts(control)) };
}

export async function balancesOf(cloud: ChaosCloud, accounts: readonly string[]): Promise<Map<string, number>> {
  return new Map(await Promise.all(accounts.map(async (id) => [id, await balanceOf(cloud, id)] as const)));
}

export interface ChargeCheck {
  readonly id: string;
  /** How much the balance went down since `before`. */
  readonly charged: number;
  /** The control call's charge times the account's CDRs among `items`. */
  readonly expected: number;
  /** The charges the items themselves record. */
  readonly itemCharges: number;
  /** Every posting of the account, summed: the balance must be exactly that. */
  readonly postings: number;
  readonly balance: number;
}

/** Per account charged by the control calls: balance movement, expected charges, postings. */
export async function chargeChecks(
  cloud: ChaosCloud,
  before: Map<string, number>,
  items: Iterable<StoredCharges>,
  control: Map<string, readonly LevelChargeRecord[]>,
): Promise<ChargeCheck[]> {
  const { stored, expected } = chargeTotals(items, control);
  return Promise.all(
    [...before].map(async ([id, was]) => {
      const balance = await balanceOf(cloud, id);
      const postings = await postingSum(cloud, id);
      return { id, charged: was - balance, expected: expected.get(id) ?? 0, itemCharges: stored.get(id) ?? 0, postings, balance };
    }),
  );
}

/** The checks that failed: charged ≠ expected, the items' charges ≠ expected, balance ≠ postings. */
export function failedChargeChecks(checks: readonly ChargeCheck[]): ChargeCheck[] {
  return checks.filter((check) => check.charged !== check.expected || check.itemCharges !== check.expected || check.postings !== check.balance);
}
