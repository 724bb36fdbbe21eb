/**
 * A batch's postings and lease settlements. Per account one posting per chunk: the sum of the
 * batch's charges to that account, keyed `cdrs:<batchId>` (`cdrs:<batchId>:<n>` for the n-th
 * chunk an account appears in); each CDR item records its own charges, so the posting needs no
 * detail. Rated calls already happened, so the floor is `may_overdraw`.
 *
 * CDRs authorized under a credit lease (`tollgate_lease`, A-legs) settle against it in the same
 * transaction (`functions/shared/dynamo/lease-settlement.ts`): a unit is a lease with every
 * account it touches (its levels and the charged accounts); an account's charges outside leases
 * are a unit of their own. Units are cut into chunks of at most 100 actions (`core/ledger/
 * chunks.ts`) the same way on every delivery, so a redelivery replays chunk by chunk.
 */
import { chunkUnits, type ChunkUnit } from '../../core/ledger/chunks';
import type { PostingInput } from '../../core/ledger/posting';
import type { LeaseCharge } from '../../core/leases';
import { micros } from '../../core/money/micros';
import { settleChunk, type LeaseCalls } from '../shared/dynamo/lease-settlement';
import type { RaterDeps } from './deps';
import type { CdrSettlement } from './items';

interface SettlementUnit extends ChunkUnit {
  readonly charges: readonly LeaseCharge[];
  readonly lease?: LeaseCalls;
}

/** One action per chunk beyond balances, postings and leases: the settlement marker. */
const MARKER_ACTIONS = 1;

export async function postTotals(
  deps: RaterDeps,
  batchId: string,
  calls: readonly CdrSettlement[],
): Promise<{ postings: number; writeUnits: number }> {
  const chunks = chunkUnits(await unitsOf(deps, calls), MARKER_ACTIONS);
  const appearances = new Map<string, number>();
  let postings = 0;
  let writeUnits = 0;
  for (const [chunkIndex, chunk] of chunks.entries()) {
    const chunkPostings = postingsOf(batchId, chunk, appearances);
    const leases = chunk.flatMap((unit) => (unit.lease ? [unit.lease] : []));
    postings += chunkPostings.length;
    if (leases.length > 0) {
      const chunkSettlement = { batchId, chunkIndex, postings: chunkPostings, leases };
      const settled = await settleChunk(deps.leases, chunkSettlement);
      writeUnits += settled.writeUnits;
      continue;
    }
    if (chunkPostings.length === 0) continue;
    const result = await deps.ledger.post({ postings: chunkPostings, floor: 'may_overdraw' });
    // Conflicts are retried by the ledger; what is left fails the message, so SQS redelivers it.
    if (!result.ok) throw new Error(`rate-cdrs: posting batch ${batchId}: ${result.code}`);
    writeUnits += result.writeUnits;
  }
  return { postings, writeUnits };
}

/** Lease units in lease order, then each account's charges outside leases in account order. */
async function unitsOf(deps: RaterDeps, calls: readonly CdrSettlement[]): Promise<SettlementUnit[]> {
  const leased = new Map<string, { accountId: string; leaseId: string; calls: LeaseCharge[][] }>();
  const outside = new Map<string, number>();
  for (const call of calls) {
    if (call.lease !== null && call.leg === 'a') {
      const key = `${call.accountId}\u0000${call.lease}`;
      const unit = leased.get(key) ?? { accountId: call.accountId, leaseId: call.lease, calls: [] };
      unit.calls.push([...call.charges]);
      leased.set(key, unit);
      continue;
    }
    for (const { accountId, chargeMicros } of call.charges)
      outside.set(accountId, (outside.get(accountId) ?? 0) + chargeMicros);
  }
  const leaseUnits = await Promise.all(
    [...leased.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(async ([, lease]) => {
      const stored = await deps.leases.get(lease.accountId, lease.leaseId);
      const charges = lease.calls.flat();
      const levels = stored?.levels.map((level) => level.accountId) ?? [];
      const charged = [...new Set(charges.filter((c) => c.chargeMicros > 0).map((c) => c.accountId))];
      const accounts = [...new Set([...charged, ...levels])];
      return { accounts, charged, extraActions: 1, charges, lease };
    }),
  );
  const accountUnits = [...outside.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .filter(([, chargeMicros]) => chargeMicros !== 0)
    .map(([accountId, chargeMicros]) => ({
      accounts: [accountId],
      charged: [accountId],
      extraActions: 0,
      charges: [{ accountId, chargeMicros }],
    }));
  return [...leaseUnits, ...accountUnits];
}

function postingsOf(
  batchId: string,
  chunk: readonly SettlementUnit[],
  appearances: Map<string, number>,
): PostingInput[] {
  const totals = new Map<string, number>();
  for (const { accountId, chargeMicros } of chunk.flatMap((unit) => unit.charges))
    totals.set(accountId, (totals.get(accountId) ?? 0) + chargeMicros);
  return [...totals]
    .filter(([, total]) => total !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([accountId, total]) => {
      const seen = (appearances.get(accountId) ?? 0) + 1;
      appearances.set(accountId, seen);
      return {
        accountId,
        amountMicros: micros(-total),
        kind: 'cdr',
        idempotencyKey: seen === 1 ? `cdrs:${batchId}` : `cdrs:${batchId}:${seen}`,
        reference: `calls of batch ${batchId}`,
        actor: 'system:rate-cdrs',
      };
    });
}
