// Proves since-version deltas are exact: applied to the base they rebuild the new content to the byte (so its version hash), carry only what changed, and survive the wire's schema.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, canonicalContent, diffSnapshots, snapshotDeltaSchema } from './delta';
import { SNAPSHOT_FORMAT, versionedJson, type SnapshotContent } from './snapshot';

const account = (accountId: string, availableMicros: number) => ({
  accountId,
  type: 'customer',
  path: `/op/${accountId}`,
  currency: 'USD',
  mode: 'prepaid',
  status: 'active' as const,
  country: 'US',
  maxChannels: 10,
  cpsLimit: 5,
  maxCallSeconds: 3600,
  translationRules: '',
  blockedPrefixes: [],
  localCalls: { allowed: true, perMinuteMicros: 0 },
  allowLossRouting: false,
  availableMicros,
});
const device = (id: string, username: string) => ({
  id,
  accountId: 'c1',
  username,
  domain: 'sip.example',
  ha1ByRealm: { 'sip.example': 'f'.repeat(32) },
  status: 'active' as const,
});
const acl = (id: string, cidr: string) => ({ id, accountId: 'c1', cidr });

/** A content from a small pool of ids: which exist and their values vary. */
const contentArb = fc
  .record({
    accounts: fc.dictionary(fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5'), fc.nat(1_000)),
    devices: fc.dictionary(fc.constantFrom('d1', 'd2', 'd3'), fc.constantFrom('100', '101')),
    ipAcls: fc.dictionary(fc.constantFrom('i1', 'i2'), fc.constantFrom('10.0.0.1/32', '10.0.0.0/24')),
    currency: fc.constantFrom('USD', 'EUR'),
  })
  .map(
    ({ accounts, devices, ipAcls, currency }): SnapshotContent => ({
      format: SNAPSHOT_FORMAT,
      rootPath: '/op',
      operatorCurrency: currency,
      currencies: [],
      // Built in no particular order, as the cloud's index pages come.
      accounts: Object.entries(accounts).reverse().map(([id, micros]) => account(id, micros)),
      devices: Object.entries(devices).map(([id, user]) => device(id, user)),
      ipAcls: Object.entries(ipAcls).map(([id, cidr]) => acl(id, cidr)),
      callerIds: [],
      trunks: [],
      rateGroups: [],
    }),
  );

describe('snapshot deltas', () => {
  it('rebuild the new content exactly, to its version hash', () => {
    fc.assert(
      fc.property(contentArb, contentArb, (base, next) => {
        const held = canonicalContent(base);
        const current = canonicalContent(next);
        const { version: since } = versionedJson(held);
        const delta = snapshotDeltaSchema.parse(
          JSON.parse(JSON.stringify(diffSnapshots(since, held, current))),
        );
        const rebuilt = applyDelta(held, delta);
        expect(versionedJson(rebuilt).version).toBe(versionedJson(current).version);
        expect(delta.since).toBe(since);
      }),
      { numRuns: 300 },
    );
  });

  it('carry only the entities that changed, and the ids removed', () => {
    const base = canonicalContent({
      ...emptyContent(),
      accounts: [account('a1', 5), account('a2', 7), account('a3', 9)],
      devices: [device('d1', '100')],
    });
    const next = canonicalContent({
      ...emptyContent(),
      accounts: [account('a3', 9), account('a1', 4), account('a4', 1)],
      devices: [device('d1', '100')],
    });
    const delta = diffSnapshots('v1', base, next);
    expect(delta.accounts.upsert.map((a) => [a.accountId, a.availableMicros])).toEqual([
      ['a1', 4],
      ['a4', 1],
    ]);
    expect(delta.accounts.remove).toEqual(['a2']);
    expect(delta.devices).toEqual({ upsert: [], remove: [] });
  });

  it('sort every keyed section by key: one content, one order, one version', () => {
    const content = {
      ...emptyContent(),
      accounts: [account('b', 1), account('a', 1)],
      devices: [device('z', '1'), device('y', '2')],
    };
    const sorted = canonicalContent(content);
    expect(sorted.accounts.map((a) => a.accountId)).toEqual(['a', 'b']);
    expect(sorted.devices.map((d) => d.id)).toEqual(['y', 'z']);
    expect(content.accounts.map((a) => a.accountId)).toEqual(['b', 'a']);
  });
});

function emptyContent(): SnapshotContent {
  return {
    format: SNAPSHOT_FORMAT,
    rootPath: '/op',
    operatorCurrency: 'USD',
    currencies: [],
    accounts: [],
    devices: [],
    ipAcls: [],
    callerIds: [],
    trunks: [],
    rateGroups: [],
  };
}
