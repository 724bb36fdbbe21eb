/**
 * A synthetic snapshot for unit tests and the `edge.auth` bench: an operator, one reseller,
 * `customers` prepaid customers (one device and one /32 ACL each), one origination deck per
 * level from the given rates and one carrier trunk with a termination deck.
 */
import { compileDeck, type CompilableRate } from '../../core/decks/compiled/compile';
import type { CompiledDeck } from '../../core/decks/compiled/deck';
import { loadCompiledDeck } from '../../core/decks/compiled/load';
import { sipHa1 } from '../../core/devices/ha1';
import { SNAPSHOT_FORMAT, type SnapshotAccount, type SnapshotContent } from '../../core/snapshot/snapshot';

export interface SyntheticOptions {
  readonly customers: number;
  /** Origination rows (prefix, per-minute micros); the carrier charges 60 % of it. */
  readonly rates: Iterable<readonly [string, number]>;
  readonly customerAvailableMicros?: number;
}

const row = (prefix: string, perMinuteMicros: number, line: number): CompilableRate => ({
  prefix,
  destination: '',
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros,
  initialIncrementSeconds: 1,
  incrementSeconds: 1,
  priority: 0,
  strip: '',
  prepend: '',
  forceTrunk: '',
  line,
});

/** Compiled bytes are kept so a bench can put them on an edge's disk. */
const BYTES = new WeakMap<CompiledDeck, Uint8Array>();
export const bytesOf = (deck: CompiledDeck) => BYTES.get(deck)!;

function deckOf(rates: readonly (readonly [string, number])[], scale: number): CompiledDeck {
  const compiled = compileDeck(rates.map(([p, m], i) => row(p, Math.round(m * scale), i + 2)));
  if (!compiled.ok) throw new Error(compiled.message);
  const loaded = loadCompiledDeck(compiled.bytes, { verifyHash: false });
  if (!loaded.ok) throw new Error(loaded.message);
  BYTES.set(loaded.deck, compiled.bytes);
  return loaded.deck;
}

export const customerIp = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

export function syntheticSnapshot(options: SyntheticOptions) {
  const rates = [...options.rates];
  const decks = {
    retail: deckOf(rates, 1.5),
    wholesale: deckOf(rates, 1),
    carrier: deckOf(rates, 0.6),
  };
  const base = {
    type: 'customer', currency: 'USD', mode: 'prepaid', status: 'active' as const, country: 'US',
    maxChannels: 1_000_000, cpsLimit: 1_000_000, maxCallSeconds: 10_800, translationRules: '',
    blockedPrefixes: [] as string[], localCalls: { allowed: true, perMinuteMicros: 0 },
    allowLossRouting: false,
  };
  const accounts: SnapshotAccount[] = [
    { ...base, accountId: 'op', type: 'operator', path: '/op/' },
    { ...base, accountId: 'r1', parentId: 'op', type: 'reseller', path: '/op/r1/', rateGroupId: 'rg-op', availableMicros: 1e12 },
  ];
  const devices: SnapshotContent['devices'] = [];
  const ipAcls: SnapshotContent['ipAcls'] = [];
  for (let n = 0; n < options.customers; n += 1) {
    const accountId = `c${n}`;
    accounts.push({
      ...base, accountId, parentId: 'r1', path: `/op/r1/${accountId}/`, rateGroupId: 'rg-r1',
      availableMicros: options.customerAvailableMicros ?? 25_000_000,
    });
    const username = String(100000 + n);
    devices.push({
      id: `d${n}`, accountId, username, domain: 'sip.example',
      ha1ByRealm: { 'sip.example': sipHa1(username, 'sip.example', `pw${n}`) }, status: 'active',
    });
    ipAcls.push({ id: `a${n}`, accountId, cidr: `${customerIp(n)}/32` });
  }
  const group = (id: string, accountId: string, hash: string, trunkIds: string[]) => ({
    id, accountId, currency: 'USD', markupUnits: 0, defaultInitialIncrementSeconds: 0,
    defaultIncrementSeconds: 1, timezone: 'UTC', routingMode: 'lcr' as const, noLoss: true,
    trunkIds,
    versions: [
      { deckKind: 'origination' as const, effectiveFromEpochMs: 0, deckHash: hash },
      ...(trunkIds.length > 0
        ? [{ deckKind: 'termination' as const, trunkId: 't1', effectiveFromEpochMs: 0, deckHash: decks.carrier.hash }]
        : []),
    ],
  });
  const content: SnapshotContent = {
    format: SNAPSHOT_FORMAT, rootPath: '/op/', operatorCurrency: 'USD', currencies: [],
    accounts, devices, ipAcls, callerIds: [
      { id: 'cid0', accountId: 'c0', callerIdNumber: '15551230000', accessNumbers: ['18005550100'] },
    ],
    trunks: [{
      id: 't1', accountId: 'op', name: 'carrier', translationRules: '', ringTimeoutSeconds: 30,
      gateways: [{ host: '198.51.100.10', port: 5060, transport: 'udp' }, { host: '198.51.100.11', port: 5060, transport: 'udp' }],
    }],
    rateGroups: [group('rg-op', 'op', decks.wholesale.hash, ['t1']), group('rg-r1', 'r1', decks.retail.hash, [])],
  };
  const byHash = new Map(Object.values(decks).map((deck) => [deck.hash, deck]));
  return { content, decks: byHash };
}
