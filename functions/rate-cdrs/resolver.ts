/**
 * The configuration a CDR is rated against, read once and kept per rater instance for
 * CONFIG_TTL_MS: accounts, the device directory (by realm and by domain), rate groups with their
 * origination deck versions, and the currency table. A change made through the API reaches the
 * rater within that time; re-rating an unrated CDR builds a fresh resolver, so it never waits.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountProfile } from '../../core/accounts/account';
import { ConversionTable } from '../../core/chain/currency';
import type { CompiledDeck } from '../../core/decks/compiled/deck';
import { DeckVersions } from '../../core/decks/versions';
import { billableRulesOf, type BillableRules } from '../../core/rating/billable';
import type { RateGroupPricing } from '../../core/rating/rate';
import { compiledDeck } from '../api/config/deck-cache';
import type { DeckVersionRecord } from '../../core/imports/records';
import type { RaterDeps } from './deps';

/** How long configuration read by the rater is trusted: one minute, as the edge snapshot. */
export const CONFIG_TTL_MS = 60_000;

export interface DeviceEntry {
  readonly accountId: string;
  readonly domain: string;
}

export interface RateGroupEntry {
  readonly id: string;
  readonly ownerCurrency: string;
  readonly pricing: RateGroupPricing;
  readonly timezone: string;
  readonly rules: BillableRules;
  readonly versions: DeckVersions;
}

interface GroupData extends RateGroupPricing {
  readonly timezone: string;
  readonly billing?: {
    readonly duration: 'billsec' | 'billmsec_ceil';
    readonly minimumBillableSeconds: number;
    readonly billedHangupCauses: readonly string[] | null;
  };
}

interface Cached<T> {
  readonly value: T;
  readonly atEpochMs: number;
}

export class ConfigResolver {
  private readonly cache = new Map<string, Cached<Promise<unknown>>>();

  constructor(private readonly deps: RaterDeps) {}

  account(accountId: string): Promise<AccountProfile | undefined> {
    return this.cached(`account#${accountId}`, () => this.deps.accounts.get(accountId));
  }

  /** An account named by its id, else by its unique account number. */
  accountByCode(code: string): Promise<AccountProfile | undefined> {
    return this.cached(`code#${code}`, async () => {
      const byId = await this.deps.accounts.get(code);
      if (byId) return byId;
      const { Item } = await this.deps.documents.send(
        new GetCommand({
          TableName: this.deps.directoryTable,
          Key: { pk: `ACCOUNTNUMBER#${code}`, sk: 'PROFILE' },
          ConsistentRead: true,
        }),
      );
      return Item ? this.deps.accounts.get(String(Item.accountId)) : undefined;
    });
  }

  /** The device a digest user (`realm#user`) or a SIP identity (`domain#user`) names. */
  async device(realmOrDomain: string, user: string): Promise<DeviceEntry | undefined> {
    const index = await this.devices();
    return index.get(`${realmOrDomain}#${user}`);
  }

  rateGroup(id: string): Promise<RateGroupEntry | undefined> {
    return this.cached(`group#${id}`, () => this.loadGroup(id));
  }

  /** A trunk's termination deck versions in one rate group; undefined when it has none. */
  termination(groupId: string, trunkId: string): Promise<DeckVersions | undefined> {
    return this.cached(`termination#${groupId}#${trunkId}`, async () => {
      const records = (await this.deps.imports.versions(groupId)).filter(
        (version) => version.deckKind === 'termination' && version.trunkId === trunkId,
      );
      if (records.length === 0) return undefined;
      return this.versionsOf(`rate group ${groupId} trunk ${trunkId}`, records);
    });
  }

  conversion(operatorId: string): Promise<{ table: ConversionTable; currency: string }> {
    return this.cached(`table#${operatorId}`, async () => {
      const operator = await this.deps.accounts.get(operatorId);
      const currency = operator?.currency ?? 'USD';
      const rates = await this.deps.currencies.list();
      const parsed = ConversionTable.parse(
        rates
          .filter((rate) => rate.code !== currency)
          .map((rate) => ({ from: rate.code, to: currency, rate: rate.rateToBase })),
      );
      if (!parsed.ok) throw new Error(`rate-cdrs: currency table: ${parsed.message}`);
      return { table: parsed.table, currency };
    });
  }

  /**
   * The trunk a FreeSWITCH gateway name stands for, on a CDR without `tollgate_trunk` (a switch
   * bridging through its own `sofia/gateway/<name>` rather than the edge's routes): the trunk
   * with that id, else the one trunk with that name. A name two trunks share names neither.
   */
  async trunkOfGateway(gateway: string): Promise<string | undefined> {
    const trunks = await this.trunks();
    return trunks.byId.has(gateway) ? gateway : trunks.byName.get(gateway) ?? undefined;
  }

  private trunks() {
    return this.cached('trunks', async () => {
      const byId = new Set<string>();
      const byName = new Map<string, string | null>();
      for (const { id, data } of await this.deps.config.listAll<{ name: string }>('trunk', '/')) {
        byId.add(id);
        byName.set(data.name, byName.has(data.name) ? null : id);
      }
      return { byId, byName };
    });
  }

  private devices(): Promise<Map<string, DeviceEntry>> {
    return this.cached('devices', async () => {
      const index = new Map<string, DeviceEntry>();
      type Device = { username: string; domain: string; realms?: string[] };
      for (const { accountId, data } of await this.deps.config.listAll<Device>('device', '/')) {
        const entry = { accountId, domain: data.domain };
        for (const realm of new Set([data.domain, ...(data.realms ?? [])])) {
          index.set(`${realm}#${data.username}`, entry);
        }
      }
      return index;
    });
  }

  private async loadGroup(id: string): Promise<RateGroupEntry | undefined> {
    const group = await this.deps.config.get<GroupData>('rate_group', id);
    const owner = group && (await this.deps.accounts.get(group.accountId));
    if (!group || !owner) return undefined;
    const records = (await this.deps.imports.versions(id)).filter(
      (version) => version.deckKind === 'origination',
    );
    const versions = await this.versionsOf(`rate group ${id}`, records);
    return {
      id,
      ownerCurrency: owner.currency,
      pricing: group.data,
      timezone: group.data.timezone,
      rules: billableRulesOf(group.data.billing),
      versions,
    };
  }

  private async versionsOf(
    what: string,
    records: readonly DeckVersionRecord[],
  ): Promise<DeckVersions> {
    const decks: { effectiveFromEpochMs: number; deck: CompiledDeck }[] = [];
    for (const record of records) {
      const deck = await compiledDeck(this.deps.objects, record.deckHash, record.deckKey);
      decks.push({ effectiveFromEpochMs: record.effectiveFromEpochMs, deck });
    }
    const versions = DeckVersions.of(decks);
    if (!versions.ok) throw new Error(`${what}: ${versions.message}`);
    return versions.versions;
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.deps.clock.nowEpochMs();
    const hit = this.cache.get(key);
    if (hit && now - hit.atEpochMs < CONFIG_TTL_MS) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(key, { value, atEpochMs: now });
    // A failed read is not kept: the next CDR (or the redelivery) reads again.
    value.catch(() => this.cache.delete(key));
    return value;
  }
}
