/**
 * Re-rating an account's rated CDRs of a period after its configuration was fixed (a markup,
 * a deck version): each CDR is priced again at the rate in force at its answer time (never the
 * one the edge recorded: the point is the fix). Where the charges differ, corrections are
 * posted — per account, a reversal of the old charge and the new charge, never an edit — and
 * the item gets the new charges, `revision + 1` and the old rating appended to `history`.
 * On-net and 0-second ratings are left alone (they depend on no rate).
 *
 * Crash safety: the postings are keyed by the CDR and the revision they correct
 * (`cdr-fix:<uuid>:<revision>:reverse|new`), written before the item; a crash between is
 * repaired by the next run, whose postings are replays. The item write is conditioned on the
 * revision, so two concurrent re-rates cannot both correct the same rating.
 *
 * The summaries move by the correction's difference and the rated archive gets the corrected
 * CDR (its `revision` one higher: a reader keeps the highest per id), both under the batch id
 * `fix-<uuid>-<revision corrected>` and before the item write, so the repair replays them too.
 */
import type { LevelChargeRecord, RatedCdr } from '../../core/cdr/rated-cdr';
import type { NormalizedCdr } from '../../core/freeswitch/normalized-cdr';
import type { PostingInput } from '../../core/ledger/posting';
import { micros } from '../../core/money/micros';
import type { StoredCdr } from '../shared/dynamo/cdr-store';
import { archiveRated } from './archive';
import type { RaterDeps } from './deps';
import { rateOne } from './rate-one';
import { ConfigResolver } from './resolver';
import { recordCorrection } from './summaries';

export interface PeriodRerateReport {
  readonly examined: number;
  readonly corrected: number;
  readonly nextCursor?: string;
}

export async function reratePeriod(
  deps: RaterDeps,
  accountId: string,
  range: { readonly fromEpochMs: number; readonly toEpochMs: number },
  limit: number,
  cursor?: string,
): Promise<PeriodRerateReport> {
  const resolver = new ConfigResolver(deps);
  const page = await deps.cdrs.scanRated(accountId, range, limit, cursor);
  let corrected = 0;
  for (const item of page.items) {
    // Only deck-priced A-legs: on-net and 0-second ratings do not depend on a rate to fix.
    if (item.leg !== 'a' || (item.basis as { kind?: string } | undefined)?.kind !== 'deck')
      continue;
    const outcome = await rateOne(resolver, asCdr(item), false);
    if (!outcome.ok || sameCharges(outcome.rated.charges, chargesOf(item))) continue;
    if (await correct(deps, resolver, item, outcome.rated)) corrected += 1;
  }
  const report = { examined: page.items.length, corrected };
  return page.nextCursor ? { ...report, nextCursor: page.nextCursor } : report;
}

async function correct(
  deps: RaterDeps,
  resolver: ConfigResolver,
  item: StoredCdr,
  rated: RatedCdr,
): Promise<boolean> {
  const revision = Number(item.revision ?? 0);
  const postings = corrections(item.id, revision, chargesOf(item), rated.charges);
  const result = await deps.ledger.post({ postings, floor: 'may_overdraw' });
  if (!result.ok) throw new Error(`rerate ${item.id}: ${result.code}`);
  const fixed = correctedItem(item, rated, revision, deps.clock.nowEpochMs());
  const batchId = `fix-${item.id}-${revision}`;
  await recordCorrection(deps, resolver, batchId, item, fixed);
  await archiveRated(deps, batchId, [fixed]);
  return deps.cdrs.replaceRated(fixed, revision);
}

/** The item after the correction: the new rating, and the old one appended to its history. */
function correctedItem(item: StoredCdr, rated: RatedCdr, revision: number, now: number): StoredCdr {
  const { pk: _pk, sk: _sk, history, ...previous } = item;
  const earlier = Array.isArray(history) ? history : [];
  return {
    ...previous,
    ...rated,
    id: item.id,
    status: 'rated',
    batchId: item.batchId,
    ratedAtEpochMs: now,
    revision: revision + 1,
    history: [
      ...earlier,
      {
        ratedAtEpochMs: previous.ratedAtEpochMs,
        basis: previous.basis,
        charges: previous.charges,
      },
    ],
  };
}

/** Per account: `+old` (the reversal) and `-new`, each its own immutable posting. */
function corrections(
  id: string,
  revision: number,
  before: readonly LevelChargeRecord[],
  after: readonly LevelChargeRecord[],
): PostingInput[] {
  const posting = (charge: LevelChargeRecord, sign: 1 | -1, step: string): PostingInput => ({
    accountId: charge.accountId,
    amountMicros: micros(sign * charge.chargeMicros),
    kind: 'cdr',
    idempotencyKey: `cdr-fix:${id}:${revision}:${step}`,
    reference: `re-rating of call ${id}`,
    actor: 'system:rate-cdrs',
  });
  return [
    ...before.filter((c) => c.chargeMicros !== 0).map((c) => posting(c, 1, 'reverse')),
    ...after.filter((c) => c.chargeMicros !== 0).map((c) => posting(c, -1, 'new')),
  ];
}

function chargesOf(item: StoredCdr): readonly LevelChargeRecord[] {
  return (item.charges ?? []) as LevelChargeRecord[];
}

/** Equal as sets of (account, currency, micros): stored maps come back in any key order. */
function sameCharges(a: readonly LevelChargeRecord[], b: readonly LevelChargeRecord[]): boolean {
  const text = (charges: readonly LevelChargeRecord[]) =>
    charges
      .map((c) => `${c.accountId}|${c.currency}|${c.chargeMicros}`)
      .sort()
      .join(',');
  return text(a) === text(b);
}

/** The facts a stored rating keeps, as the CDR the rater takes (its account already known). */
function asCdr(item: StoredCdr): NormalizedCdr {
  const rated = item as unknown as RatedCdr;
  return {
    uuid: rated.uuid,
    callUuid: rated.callUuid,
    leg: rated.leg,
    direction: 'inbound',
    caller: rated.caller,
    callee: rated.callee,
    context: '',
    accountCode: null,
    authUser: null,
    authRealm: null,
    callerSipUser: null,
    callerSipDomain: null,
    sourceIp: '',
    startedAtEpochMs: rated.startedAtEpochMs,
    answeredAtEpochMs: rated.answeredAtEpochMs,
    endedAtEpochMs: rated.endedAtEpochMs,
    billsec: rated.billsec,
    billmsec: rated.billmsec ?? rated.billsec * 1000,
    hangupCause: rated.hangupCause,
    hangupCauseQ850: null,
    gateway: null,
    otherLegUuid: null,
    tollgate: { account: rated.accountId, ...(rated.lease ? { lease: rated.lease } : {}) },
  };
}
