/**
 * How long a call may last: the longest call every level of the chain can pay for (the same
 * `chainMaxSeconds` the cloud's rate card answers with), capped by the account's max call
 * length, then by the account's max cost per call. 0 seconds refuses the call.
 */
import { chainMaxSeconds, type ChainLevel } from '../chain/prices';
import { DEFAULT_BILLABLE_RULES, type BillableRules } from '../rating/billable';
import type { SnapshotAccount } from '../snapshot/snapshot';
import type { EdgeIndex } from './edge-index';

export type CallLimit =
  | { readonly ok: true; readonly maxSeconds: number; readonly limitedBy: string | null }
  | {
      readonly ok: false;
      readonly code: 'insufficient_funds' | 'max_cost_exceeded';
      readonly message: string;
    };

export function limitOfCall(
  index: EdgeIndex,
  account: SnapshotAccount,
  priced: { readonly levels: readonly ChainLevel[] },
): CallLimit {
  const rules = billableRulesOfAccount(index, account);
  const chain = chainMaxSeconds(priced.levels, index.table, account.maxCallSeconds, rules);
  if (!chain.ok) return { ok: false, code: 'insufficient_funds', message: chain.message };
  if (chain.maxSeconds === 0) {
    return { ok: false, code: 'insufficient_funds', message: `${chain.limitedBy} cannot pay` };
  }
  if (account.maxCostPerCallMicros === undefined) return chain;
  // The max cost acts as one more level: the customer's rate with the cap as its funds.
  const customer = priced.levels[0]!;
  const capped = chainMaxSeconds(
    [{ ...customer, availableMicros: account.maxCostPerCallMicros }],
    index.table,
    chain.maxSeconds,
    rules,
  );
  if (!capped.ok || capped.maxSeconds === 0) {
    return { ok: false, code: 'max_cost_exceeded', message: 'the first block costs more than allowed' };
  }
  return capped.maxSeconds < chain.maxSeconds
    ? { ok: true, maxSeconds: capped.maxSeconds, limitedBy: account.accountId }
    : chain;
}

/** The rules the rater will charge the account's calls by: its rate group's. */
export function billableRulesOfAccount(index: EdgeIndex, account: SnapshotAccount): BillableRules {
  const group = account.rateGroupId === undefined ? undefined : index.groups.get(account.rateGroupId);
  return group?.rules ?? DEFAULT_BILLABLE_RULES;
}
