/**
 * The snapshot prepared for lookups: every map a call's authorization probes, built once per
 * snapshot so that authorizing a call is a handful of map probes and trie walks. Building fails
 * (the edge keeps its previous snapshot) when a deck is missing or the content is inconsistent.
 */
import { idsOfPath } from '../accounts/tenancy';
import { ConversionTable } from '../chain/currency';
import type { CompiledDeck } from '../decks/compiled/deck';
import { DeckVersions } from '../decks/versions';
import { billableRulesOf, type BillableRules } from '../rating/billable';
import type { RateGroupPricing } from '../rating/rate';
import { DIALING_PLANS, NO_COUNTRY_PLAN, type DialingPlan } from '../routing/e164';
import type { TrunkVersions } from '../routing/route-call';
import { PricedRates } from './priced-rates';
import { TrunksInForce } from './trunks-in-force';
import { parseTranslationRules, type TranslationRule } from '../routing/translation';
import type {
  SnapshotAccount,
  SnapshotContent,
  SnapshotDevice,
  SnapshotRateGroup,
  SnapshotTrunk,
} from '../snapshot/snapshot';
import { prepareEmergency, type EmergencyPlan } from './emergency';
import { cidrKey } from './ip';
import { callerIdKey } from './identify';

export interface PreparedAccount {
  readonly account: SnapshotAccount;
  readonly translation: readonly TranslationRule[];
  readonly plan: DialingPlan;
  /** The account and each reseller above it, customer first; the operator is not a level. */
  readonly chain: readonly string[];
  /**
   * `chain` as accounts, resolved on the account's first call (`chainAccountsOf`) and kept: the
   * snapshot is immutable, and every call walks its chain several times (standing, limits,
   * prices). Not built for all accounts up front: most never call between two snapshots.
   */
  resolvedChain: readonly SnapshotAccount[] | null;
}

export interface PreparedGroup {
  readonly group: SnapshotRateGroup;
  readonly pricing: RateGroupPricing;
  /** What the rater charges a call by: the edge's max seconds and holds must cover it. */
  readonly rules: BillableRules;
  readonly sell: DeckVersions;
  /**
   * The group's trunks with their termination versions (trunks without any are left out), and
   * the decks in force, kept between calls (`TrunksInForce`).
   */
  readonly trunks: TrunksInForce;
  /** The group's sell rates as chain levels price them, shared by calls. */
  readonly rates: PricedRates;
}

export interface PreparedAcl {
  readonly accountId: string;
  readonly techPrefix: string;
  readonly length: number;
}

export interface EdgeIndex {
  readonly accounts: ReadonlyMap<string, PreparedAccount>;
  /** `user@domain` and `user@realm` → device. */
  readonly devices: ReadonlyMap<string, SnapshotDevice>;
  /** Network key (`networkKey`) → ACLs on that network (several tech prefixes may share one). */
  readonly acls: ReadonlyMap<number | string, readonly PreparedAcl[]>;
  /** Prefix lengths in use per family, longest first. */
  readonly aclLengths: { readonly 4: readonly number[]; readonly 6: readonly number[] };
  readonly callerIds: ReadonlyMap<string, { accountId: string; accessNumbers: Set<string> }>;
  readonly groups: ReadonlyMap<string, PreparedGroup>;
  readonly trunks: ReadonlyMap<string, SnapshotTrunk>;
  readonly table: ConversionTable;
  readonly operatorCurrency: string;
  readonly emergency: EmergencyPlan;
}

export type IndexResult =
  | { readonly ok: true; readonly index: EdgeIndex }
  | { readonly ok: false; readonly code: 'snapshot_inconsistent'; readonly message: string };

export function buildEdgeIndex(
  content: SnapshotContent,
  decks: ReadonlyMap<string, CompiledDeck>,
): IndexResult {
  try {
    const table = ConversionTable.parse(
      content.currencies.map((c) => ({ from: c.code, to: content.operatorCurrency, rate: c.rateToBase })),
    );
    if (!table.ok) return inconsistent(table.message);
    const trunks = new Map(content.trunks.map((trunk) => [trunk.id, trunk]));
    const groups = new Map(content.rateGroups.map((g) => [g.id, prepareGroup(g, decks, trunks)]));
    const { acls, aclLengths } = prepareAcls(content);
    return {
      ok: true,
      index: {
        accounts: prepareAccounts(content.accounts),
        devices: prepareDevices(content.devices),
        acls,
        aclLengths,
        callerIds: new Map(
          content.callerIds.map((c) => [
            callerIdKey(c.callerIdNumber),
            { accountId: c.accountId, accessNumbers: new Set(c.accessNumbers.map(callerIdKey)) },
          ]),
        ),
        groups,
        trunks,
        table: table.table,
        operatorCurrency: content.operatorCurrency,
        emergency: prepareEmergency(content),
      },
    };
  } catch (error) {
    return inconsistent(error instanceof Error ? error.message : String(error));
  }
}

function inconsistent(message: string): IndexResult {
  return { ok: false, code: 'snapshot_inconsistent', message };
}

function prepareAccounts(accounts: readonly SnapshotAccount[]): Map<string, PreparedAccount> {
  const prepared = new Map<string, PreparedAccount>();
  for (const account of accounts) {
    const rules = parseTranslationRules(account.translationRules);
    if (!rules.ok) throw new Error(`account ${account.accountId}: ${rules.message}`);
    prepared.set(account.accountId, {
      account,
      translation: rules.rules,
      plan: DIALING_PLANS[account.country] ?? NO_COUNTRY_PLAN,
      chain: idsOfPath(account.path).slice(1).reverse(),
      resolvedChain: null,
    });
  }
  return prepared;
}

/** The account and each reseller above it, customer first; null when one is not in the snapshot. */
export function chainAccountsOf(index: EdgeIndex, prepared: PreparedAccount): readonly SnapshotAccount[] | null {
  if (prepared.resolvedChain !== null) return prepared.resolvedChain;
  const accounts: SnapshotAccount[] = [];
  for (const id of prepared.chain) {
    const account = index.accounts.get(id)?.account;
    if (account === undefined) return null;
    accounts.push(account);
  }
  prepared.resolvedChain = accounts;
  return accounts;
}

function prepareDevices(devices: readonly SnapshotDevice[]): Map<string, SnapshotDevice> {
  const byUser = new Map<string, SnapshotDevice>();
  for (const device of devices) {
    byUser.set(`${device.username}@${device.domain}`, device);
    for (const realm of Object.keys(device.ha1ByRealm)) {
      if (!byUser.has(`${device.username}@${realm}`)) byUser.set(`${device.username}@${realm}`, device);
    }
  }
  return byUser;
}

function prepareAcls(content: SnapshotContent) {
  const acls = new Map<number | string, PreparedAcl[]>();
  const lengths = { 4: new Set<number>(), 6: new Set<number>() };
  for (const acl of content.ipAcls) {
    const key = cidrKey(acl.cidr);
    if (key === null) throw new Error(`ip acl ${acl.id}: ${acl.cidr} is not a CIDR`);
    lengths[key.family].add(key.length);
    const entry = { accountId: acl.accountId, techPrefix: acl.techPrefix ?? '', length: key.length };
    acls.set(key.key, [...(acls.get(key.key) ?? []), entry]);
  }
  const sorted = (set: Set<number>) => [...set].sort((a, b) => b - a);
  return { acls, aclLengths: { 4: sorted(lengths[4]), 6: sorted(lengths[6]) } };
}

function prepareGroup(
  group: SnapshotRateGroup,
  decks: ReadonlyMap<string, CompiledDeck>,
  trunks: ReadonlyMap<string, SnapshotTrunk>,
): PreparedGroup {
  const versionsOf = (kind: 'origination' | 'termination', trunkId?: string): DeckVersions => {
    const chosen = group.versions.filter((v) => v.deckKind === kind && v.trunkId === trunkId);
    const built = DeckVersions.of(
      chosen.map((v) => {
        const deck = decks.get(v.deckHash);
        if (deck === undefined) throw new Error(`deck ${v.deckHash} is not loaded`);
        return { effectiveFromEpochMs: v.effectiveFromEpochMs, deck };
      }),
    );
    if (!built.ok) throw new Error(`rate group ${group.id}: ${built.message}`);
    return built.versions;
  };
  const pricing: RateGroupPricing = {
    markupUnits: group.markupUnits,
    defaultInitialIncrementSeconds: group.defaultInitialIncrementSeconds,
    defaultIncrementSeconds: group.defaultIncrementSeconds,
  };
  const routed: TrunkVersions[] = [];
  for (const trunkId of group.trunkIds) {
    const trunk = trunks.get(trunkId);
    const versions = versionsOf('termination', trunkId);
    if (trunk === undefined || versions.count === 0) continue;
    const rules = parseTranslationRules(trunk.translationRules);
    if (!rules.ok) throw new Error(`trunk ${trunkId}: ${rules.message}`);
    const gateways = trunk.gateways.map((g) => `${g.host}:${g.port}`);
    routed.push({ name: trunk.id, translation: rules.rules, gateways, versions });
  }
  const billing = billableRulesOf(group.billing);
  const rates = new PricedRates(pricing, group.currency);
  return { group, pricing, rules: billing, sell: versionsOf('origination'), trunks: new TrunksInForce(routed), rates };
}
