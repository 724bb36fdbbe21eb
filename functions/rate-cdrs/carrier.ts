/**
 * The carrier side of a leg: the trunk it names (`tollgate_trunk`, set per bridge endpoint, so
 * it is on the B-leg — or on an imported CSV row's `trunk`) selects that trunk's termination
 * deck, looked up like the edge's routing does: in the account's rate group first, then each
 * reseller's above it; the first group holding a deck for the trunk prices it. The row is the
 * one for the recorded route prefix (`tollgate_route_prefix`), else the callee's longest
 * prefix, in force at answer time. A named trunk no group prices is `unknown_trunk`; one
 * without a row for the call is `no_termination_rate` — flags on a rated CDR, not reasons to
 * leave it unrated (the customer's charge does not depend on the carrier's price).
 *
 * A B-leg without `tollgate_trunk` that went through a FreeSWITCH gateway (a switch bridging
 * with its own `sofia/gateway/<name>`, not the edge's routes) names its trunk by the gateway:
 * the trunk with that id, else the one trunk with that name; a gateway naming none is
 * `unknown_trunk`. Only the B-leg: an A-leg's gateway is the same call's, and pricing both
 * would count the carrier's cost twice.
 */
import type { AccountProfile } from '../../core/accounts/account';
import { idsOfPath } from '../../core/accounts/tenancy';
import type { CarrierRate } from '../../core/cdr/rate-cdr';
import type { CarrierCostIssue } from '../../core/cdr/rated-cdr';
import { selectRate } from '../../core/decks/compiled/select';
import type { NormalizedCdr } from '../../core/freeswitch/normalized-cdr';
import type { ConfigResolver, RateGroupEntry } from './resolver';

/** The leg's termination rate, the reason it has none, or undefined when it names no trunk. */
export async function carrierRateOf(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  account: AccountProfile,
): Promise<CarrierRate | CarrierCostIssue | undefined> {
  const trunk = cdr.tollgate?.trunk ?? (await trunkOfGatewayLeg(resolver, cdr));
  if (trunk === undefined) return undefined;
  if (trunk === null) return 'unknown_trunk';
  const digits = (cdr.tollgate?.routePrefix ?? cdr.callee).replace(/^\+/, '');
  const atEpochMs = cdr.answeredAtEpochMs ?? cdr.startedAtEpochMs;
  for (const group of await chainGroups(resolver, cdr, account)) {
    const versions = await resolver.termination(group.id, trunk);
    if (versions === undefined) continue;
    if (!/^[0-9]{1,20}$/.test(digits)) return 'no_termination_rate';
    const selected = selectRate(versions, digits, atEpochMs, group.timezone);
    if (!selected.ok) return 'no_termination_rate';
    const { selection, terms } = selected;
    return { trunk, selection, terms, currency: group.ownerCurrency };
  }
  return 'unknown_trunk';
}

/** The trunk a B-leg's gateway names; null when it names none; undefined without a gateway. */
async function trunkOfGatewayLeg(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
): Promise<string | null | undefined> {
  if (cdr.leg !== 'b' || cdr.gateway === null) return undefined;
  return (await resolver.trunkOfGateway(cdr.gateway)) ?? null;
}

/** The account's rate group, then each reseller's up to the operator (routing's order). */
async function chainGroups(
  resolver: ConfigResolver,
  cdr: NormalizedCdr,
  account: AccountProfile,
): Promise<RateGroupEntry[]> {
  const groups: RateGroupEntry[] = [];
  const own = cdr.tollgate?.rateGroup ?? account.rateGroupId;
  const ownGroup = own === undefined ? undefined : await resolver.rateGroup(own);
  if (ownGroup) groups.push(ownGroup);
  for (const id of idsOfPath(account.path).slice(1, -1).reverse()) {
    const reseller = await resolver.account(id);
    const group = reseller?.rateGroupId && (await resolver.rateGroup(reseller.rateGroupId));
    if (group) groups.push(group);
  }
  return groups;
}
