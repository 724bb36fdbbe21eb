/**
 * CDR summaries, pure: the rater folds each batch's rated A-legs into cells — one per UTC day,
 * account, rate prefix and trunk — and adds each cell's totals to a stored aggregate once per
 * batch (never per CDR). A reader folds the cells of its subtree again, by account, prefix,
 * trunk or day: every view is a sum of the same cells, so the views always agree.
 */
import { formatDecimal } from '../money/decimal';
import { addMicros } from '../money/micros';
import { divideRoundHalfAwayFromZeroSafe } from '../money/rounding';

/**
 * The facts of one rated leg that its summaries need. The customer is billed from the A-leg
 * (a call: counted, charged); the carrier's cost comes with the leg that names the trunk — the
 * B-leg, in the FreeSWITCH contract — which adds its cost and seconds but no call.
 */
export interface SummaryFacts {
  /** An A-leg: one call of the customer. */
  readonly customerLeg: boolean;
  /** A leg that names a priced trunk: carrier cost and seconds. */
  readonly carrierLeg: boolean;
  readonly accountId: string;
  readonly accountPath: string;
  /** The account's currency: `chargeMicros` is in it. */
  readonly currency: string;
  readonly startedAtEpochMs: number;
  readonly answered: boolean;
  readonly billsec: number;
  readonly billableSeconds: number;
  readonly chargeMicros: number;
  /** Operator's currency: the top level's charge (A-leg), the carrier's cost (trunk leg). */
  readonly revenueMicros: number;
  readonly costMicros: number;
  /** The rate prefix (`on-net` for local calls, `-` for calls that bill nothing). */
  readonly prefix: string;
  /** The trunk the call left by, `-` when none is known. */
  readonly trunk: string;
}

export interface SummaryTotals {
  readonly calls: number;
  readonly answered: number;
  readonly billsec: number;
  readonly billableSeconds: number;
  readonly chargeMicros: number;
  readonly revenueMicros: number;
  readonly costMicros: number;
  /** Legs priced on a trunk, and their billsec (the carrier's side of the calls). */
  readonly carrierLegs: number;
  readonly carrierBillsec: number;
}

export interface SummaryCell {
  readonly day: string;
  readonly accountId: string;
  readonly accountPath: string;
  readonly currency: string;
  readonly prefix: string;
  readonly trunk: string;
  readonly totals: SummaryTotals;
}

export const SUMMARY_GROUPS = ['account', 'prefix', 'trunk', 'day'] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];

export const ZERO_TOTALS: SummaryTotals = {
  calls: 0,
  answered: 0,
  billsec: 0,
  billableSeconds: 0,
  chargeMicros: 0,
  revenueMicros: 0,
  costMicros: 0,
  carrierLegs: 0,
  carrierBillsec: 0,
};

/** `2026-11-22` for an instant: summaries and search pages are kept per UTC day. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;

/** The UTC days that [fromEpochMs, toEpochMs) touches, oldest first. */
export function daysBetween(fromEpochMs: number, toEpochMs: number): string[] {
  const days: string[] = [];
  for (let at = fromEpochMs - (fromEpochMs % DAY_MS); at < toEpochMs; at += DAY_MS) {
    days.push(utcDay(at));
  }
  return days;
}

/** Where a cell sorts within its day: the account's path first, so a subtree is a key range. */
export function cellKey(cell: Pick<SummaryCell, 'accountPath' | 'prefix' | 'trunk'>): string {
  return `${cell.accountPath}#${cell.prefix}#${cell.trunk}`;
}

export function addTotals(a: SummaryTotals, b: SummaryTotals): SummaryTotals {
  return {
    calls: a.calls + b.calls,
    answered: a.answered + b.answered,
    billsec: a.billsec + b.billsec,
    billableSeconds: a.billableSeconds + b.billableSeconds,
    chargeMicros: addMicros(a.chargeMicros, b.chargeMicros),
    revenueMicros: addMicros(a.revenueMicros, b.revenueMicros),
    costMicros: addMicros(a.costMicros, b.costMicros),
    carrierLegs: a.carrierLegs + b.carrierLegs,
    carrierBillsec: a.carrierBillsec + b.carrierBillsec,
  };
}

function totalsOf(leg: SummaryFacts): SummaryTotals {
  const customer = leg.customerLeg;
  return {
    calls: customer ? 1 : 0,
    answered: customer && leg.answered ? 1 : 0,
    billsec: customer ? leg.billsec : 0,
    billableSeconds: customer ? leg.billableSeconds : 0,
    chargeMicros: customer ? leg.chargeMicros : 0,
    revenueMicros: customer ? leg.revenueMicros : 0,
    costMicros: leg.carrierLeg ? leg.costMicros : 0,
    carrierLegs: leg.carrierLeg ? 1 : 0,
    carrierBillsec: leg.carrierLeg ? leg.billsec : 0,
  };
}

/** One batch's calls as cells, in key order (a redelivery folds to exactly the same cells). */
export function foldCalls(calls: readonly SummaryFacts[]): SummaryCell[] {
  const cells = new Map<string, SummaryCell>();
  for (const call of calls) {
    const day = utcDay(call.startedAtEpochMs);
    const key = `${day}|${cellKey(call)}`;
    const before = cells.get(key);
    const { accountId, accountPath, currency, prefix, trunk } = call;
    const totals = addTotals(before?.totals ?? ZERO_TOTALS, totalsOf(call));
    cells.set(key, { day, accountId, accountPath, currency, prefix, trunk, totals });
  }
  return [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, cell]) => cell);
}

export interface SummaryRow {
  /** The account id, prefix, trunk or day the row sums. */
  readonly key: string;
  /** Charges are in the accounts' currency: rows never add two currencies together. */
  readonly currency: string;
  readonly totals: SummaryTotals;
  /** Revenue − cost, in the operator's currency. */
  readonly marginMicros: number;
  /** Answer-seizure ratio: answered ÷ calls, in percent with two decimals. */
  readonly asrPercent: string;
  /** Average call duration: billsec ÷ answered calls, whole seconds. */
  readonly acdSeconds: number;
}

const KEY_OF: Record<SummaryGroup, (cell: SummaryCell) => string> = {
  account: (cell) => cell.accountId,
  prefix: (cell) => cell.prefix,
  trunk: (cell) => cell.trunk,
  day: (cell) => cell.day,
};

/** The cells grouped by account, prefix, trunk or day (and currency), in key order. */
export function groupCells(cells: readonly SummaryCell[], by: SummaryGroup): SummaryRow[] {
  const groups = new Map<string, { key: string; currency: string; totals: SummaryTotals }>();
  for (const cell of cells) {
    const key = KEY_OF[by](cell);
    const id = `${key}|${cell.currency}`;
    const totals = addTotals(groups.get(id)?.totals ?? ZERO_TOTALS, cell.totals);
    groups.set(id, { key, currency: cell.currency, totals });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, group]) => rowOf(group.key, group.currency, group.totals));
}

function rowOf(key: string, currency: string, totals: SummaryTotals): SummaryRow {
  const { calls, answered } = totals;
  const asrBasisPoints =
    calls === 0 ? 0 : divideRoundHalfAwayFromZeroSafe(answered * 10_000, calls);
  return {
    key,
    currency,
    totals,
    marginMicros: totals.revenueMicros - totals.costMicros,
    asrPercent: formatDecimal(asrBasisPoints, 2),
    acdSeconds:
      totals.answered === 0 ? 0 : divideRoundHalfAwayFromZeroSafe(totals.billsec, totals.answered),
  };
}
