/**
 * Builds the edge snapshot of one subtree (`core/snapshot/snapshot.ts`): the subtree's accounts
 * (with the ancestors above the edge's root, so the reseller chain prices), devices with their
 * HA1s, IP ACLs, caller IDs, every rate group an account uses and the trunks those groups route
 * over, with their deck versions, and the operator's emergency setting with its trunk (sent even
 * when no rate group routes over it). Reads pages of the `byPath` index per kind. Balances are
 * not in it: calls spend from credit leases (`docs/leases.md`), so a version changes with the
 * configuration, not with every call.
 *
 * Limit: the response is one JSON document (API Gateway/Lambda cap it at 6 MB, ~20k devices);
 * larger deployments need the snapshot written as an object and a URL answered instead.
 */
import { idsOfPath } from '../../../core/accounts/tenancy';
import { canonicalContent } from '../../../core/snapshot/delta';
import type { AccountProfile } from '../../../core/accounts/account';
import {
  versionedJson,
  SNAPSHOT_FORMAT,
  type SnapshotAccount,
  type SnapshotContent,
  type SnapshotRateGroup,
  type SnapshotTrunk,
} from '../../../core/snapshot/snapshot';
import type { OwnedEntity } from '../../shared/dynamo/config-store';
import type { ApiDeps } from '../deps';
import { readEmergencySetting } from './emergency-setting';

/** Items per index page: DynamoDB answers at most 1 MB per page anyway. */
const PAGE_ITEMS = 500;

export interface BuiltSnapshot {
  readonly version: string;
  readonly content: SnapshotContent;
  /** The content's canonical JSON (what `version` hashes; sent as is when it is large). */
  readonly json: string;
  /** Object-store key of each deck hash, for download URLs. */
  readonly deckKeys: ReadonlyMap<string, string>;
  /** `json` parsed back (keys in canonical order), when it already was: a kept version's `content`. */
  readonly parsedJson?: SnapshotContent;
}

export async function buildEdgeSnapshot(deps: ApiDeps, rootPath: string): Promise<BuiltSnapshot> {
  const profiles = await subtreeAccounts(deps, rootPath);
  const accounts = profiles.map(snapshotAccount);
  const [devices, ipAcls, callerIds] = await Promise.all([
    deps.config.listAll<Record<string, unknown>>('device', rootPath),
    deps.config.listAll<Record<string, unknown>>('ip_acl', rootPath),
    deps.config.listAll<Record<string, unknown>>('caller_id', rootPath),
  ]);
  const emergency = await emergencyOf(deps);
  const { rateGroups, trunks, deckKeys } = await groupsAndTrunks(deps, profiles, emergency);
  const operator = profiles.find((profile) => profile.parentId === undefined);
  const currencies = (await deps.currencies.list())
    .filter((rate) => rate.code !== operator?.currency)
    .map((rate) => ({ code: rate.code, rateToBase: rate.rateToBase }));
  const content: SnapshotContent = {
    format: SNAPSHOT_FORMAT,
    rootPath,
    operatorCurrency: operator?.currency ?? 'USD',
    currencies,
    accounts,
    devices: devices.map(({ id, accountId, data }) => ({
      id,
      accountId,
      username: String(data.username),
      domain: String(data.domain),
      ha1ByRealm: data.ha1ByRealm as Record<string, string>,
      ...optionalString('callerIdName', data.callerIdName),
      ...optionalString('callerIdNumber', data.callerIdNumber),
      status: data.status === 'suspended' ? 'suspended' : 'active',
    })),
    ipAcls: ipAcls.map(({ id, accountId, data }) => ({
      id,
      accountId,
      cidr: String(data.cidr),
      ...optionalString('techPrefix', data.techPrefix),
    })),
    callerIds: callerIds.map(({ id, accountId, data }) => ({
      id,
      accountId,
      callerIdNumber: String(data.callerIdNumber),
      accessNumbers: (data.accessNumbers as string[]) ?? [],
    })),
    trunks,
    rateGroups,
    ...(emergencyRoutable(deps, emergency, trunks) ? { emergency } : {}),
  };
  // Sections in key order: a delta applied by an edge must rebuild these exact bytes.
  const canonical = canonicalContent(content);
  return { ...versionedJson(canonical), content: canonical, deckKeys };
}

/** The subtree's accounts and the ancestors above its root (operator first). */
async function subtreeAccounts(deps: ApiDeps, rootPath: string): Promise<AccountProfile[]> {
  const found: AccountProfile[] = [];
  for (const id of idsOfPath(rootPath).slice(0, -1)) {
    const ancestor = await deps.accounts.get(id);
    if (ancestor) found.push(ancestor);
  }
  let cursor: string | undefined;
  do {
    const page = await deps.accounts.list(rootPath, PAGE_ITEMS, cursor);
    found.push(...page.accounts);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return found;
}

/**
 * An account as the edge needs it. No balance: the edge spends only from its credit leases, so
 * a balance here would be read for nothing and make every call a new snapshot version.
 */
function snapshotAccount(profile: AccountProfile): SnapshotAccount {
  return {
    accountId: profile.accountId,
    ...(profile.parentId !== undefined ? { parentId: profile.parentId } : {}),
    type: profile.type,
    path: profile.path,
    currency: profile.currency,
    mode: profile.mode,
    status: profile.status,
    ...(profile.expiresAtEpochMs !== undefined
      ? { expiresAtEpochMs: profile.expiresAtEpochMs }
      : {}),
    country: profile.country,
    maxChannels: profile.maxChannels,
    cpsLimit: profile.cpsLimit,
    maxCallSeconds: profile.maxCallSeconds,
    ...(profile.maxCostPerCallMicros !== undefined
      ? { maxCostPerCallMicros: profile.maxCostPerCallMicros }
      : {}),
    ...(profile.rateGroupId !== undefined ? { rateGroupId: profile.rateGroupId } : {}),
    translationRules: profile.translationRules,
    blockedPrefixes: [...profile.blockedPrefixes],
    localCalls: { ...profile.localCalls },
    allowLossRouting: profile.allowLossRouting,
  };
}

type GroupData = Omit<SnapshotRateGroup, 'id' | 'accountId' | 'currency' | 'versions'>;

/**
 * The emergency setting as the snapshot carries it. Its trunk is added to the snapshot's trunks;
 * a trunk deleted since the setting was written leaves the setting out (an edge refuses a
 * snapshot whose emergency trunk is missing, and would keep an older one for good).
 */
async function emergencyOf(deps: ApiDeps): Promise<SnapshotContent['emergency']> {
  const setting = await readEmergencySetting(deps);
  if (!setting) return undefined;
  const { trunkId, numbersByCountry } = setting.data;
  return Object.keys(numbersByCountry).length > 0 ? { trunkId, numbersByCountry } : { trunkId };
}

function emergencyRoutable(
  deps: ApiDeps,
  emergency: SnapshotContent['emergency'],
  trunks: readonly SnapshotTrunk[],
): emergency is NonNullable<SnapshotContent['emergency']> {
  if (emergency === undefined) return false;
  if (trunks.some((trunk) => trunk.id === emergency.trunkId)) return true;
  deps.logger.warn('emergency trunk is gone: the snapshot leaves the setting out', {
    trunkId: emergency.trunkId,
  });
  return false;
}

async function groupsAndTrunks(
  deps: ApiDeps,
  profiles: readonly AccountProfile[],
  emergency: SnapshotContent['emergency'],
) {
  const groupIds = [...new Set(profiles.flatMap((p) => (p.rateGroupId ? [p.rateGroupId] : [])))];
  const rateGroups: SnapshotRateGroup[] = [];
  const deckKeys = new Map<string, string>();
  const trunkIds = new Set<string>();
  for (const groupId of groupIds.sort()) {
    const group = await deps.config.get<GroupData>('rate_group', groupId);
    const owner = group && (await deps.directory.getAccount(group.accountId));
    if (!group || !owner) continue;
    const versions = await deps.imports.versions(groupId);
    for (const version of versions) deckKeys.set(version.deckHash, version.deckKey);
    for (const trunkId of group.data.trunkIds) trunkIds.add(trunkId);
    rateGroups.push(rateGroupOf(group, owner.currency, versions));
  }
  if (emergency !== undefined) trunkIds.add(emergency.trunkId);
  const trunks: SnapshotTrunk[] = [];
  for (const trunkId of [...trunkIds].sort()) {
    const trunk = await deps.config.get<Omit<SnapshotTrunk, 'id' | 'accountId'>>('trunk', trunkId);
    if (trunk) trunks.push(trunkOf(trunk));
  }
  return { rateGroups, trunks, deckKeys };
}

function rateGroupOf(
  group: OwnedEntity<GroupData>,
  currency: string,
  versions: Awaited<ReturnType<ApiDeps['imports']['versions']>>,
): SnapshotRateGroup {
  const { data } = group;
  return {
    id: group.id,
    accountId: group.accountId,
    currency,
    markupUnits: data.markupUnits,
    defaultInitialIncrementSeconds: data.defaultInitialIncrementSeconds,
    defaultIncrementSeconds: data.defaultIncrementSeconds,
    timezone: data.timezone,
    routingMode: data.routingMode,
    noLoss: data.noLoss,
    trunkIds: [...data.trunkIds],
    ...(data.billing !== undefined ? { billing: data.billing } : {}),
    versions: versions.map((version) => ({
      deckKind: version.deckKind,
      ...(version.trunkId !== undefined ? { trunkId: version.trunkId } : {}),
      effectiveFromEpochMs: version.effectiveFromEpochMs,
      deckHash: version.deckHash,
    })),
  };
}

function trunkOf(trunk: OwnedEntity<Omit<SnapshotTrunk, 'id' | 'accountId'>>): SnapshotTrunk {
  const { data } = trunk;
  return {
    id: trunk.id,
    accountId: trunk.accountId,
    name: data.name,
    gateways: data.gateways.map(({ host, port, transport }) => ({ host, port, transport })),
    ...(data.channelLimit !== undefined ? { channelLimit: data.channelLimit } : {}),
    translationRules: data.translationRules ?? '',
    ringTimeoutSeconds: data.ringTimeoutSeconds,
  };
}

function optionalString(key: string, value: unknown): Record<string, string> {
  return typeof value === 'string' && value !== '' ? { [key]: value } : {};
}
