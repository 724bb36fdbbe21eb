// Proves emergency numbers: per-country defaults and the operator's own lists, matched as dialled
// and after translation (never after E.164, which would turn AU 000 into 6100); routed through
// the emergency trunk even with no funds, over the channel and CPS limits, with blocked
// prefixes; no channel held; `no_route` when no emergency trunk is configured.
import { describe, expect, it } from 'vitest';
import { syntheticSnapshot } from '../../test/edge-auth/synthetic-snapshot';
import type { SnapshotContent } from '../snapshot/snapshot';
import { authorizeCall } from './authorize';
import { ChannelCounts } from './channels';
import { CpsWindow } from './cps';
import { buildEdgeIndex } from './edge-index';
import type { CallIdentity } from './identify';

const NOW = Date.UTC(2026, 0, 5, 12);
const SOS_TRUNK = {
  id: 'sos', accountId: 'op', name: 'emergency', translationRules: '"112/0112"', ringTimeoutSeconds: 60,
  gateways: [{ host: '203.0.113.50', port: 5060, transport: 'udp' }, { host: '203.0.113.51', port: 5080, transport: 'udp' }],
};

function indexOf(change: (content: SnapshotContent) => SnapshotContent) {
  const { content, decks } = syntheticSnapshot({ customers: 2, rates: [['44', 20_000]], customerAvailableMicros: 0 });
  const built = buildEdgeIndex(change(content), decks);
  if (!built.ok) throw new Error(built.message);
  return built.index;
}

const withSos = (emergency: SnapshotContent['emergency'], patch: object = {}) => (content: SnapshotContent) => ({
  ...content,
  trunks: [...content.trunks, SOS_TRUNK],
  accounts: content.accounts.map((a) => (a.accountId === 'c0' ? { ...a, ...patch } : a)),
  emergency,
});

const call = (callee: string): CallIdentity => ({
  callUuid: crypto.randomUUID(), authUser: '100000', authRealm: 'sip.example', sourceIp: null, caller: '100000', callee,
});

describe('emergency numbers', () => {
  it('routes the country default through the emergency trunk with no funds, free of every limit', () => {
    const index = indexOf(withSos({ trunkId: 'sos' }, { blockedPrefixes: ['9', '1'], maxChannels: 0, cpsLimit: 0 }));
    const channels = new ChannelCounts();
    const cps = new CpsWindow();
    const result = authorizeCall(index, call('911'), NOW, { channels, cps });
    expect(result).toEqual({
      ok: true, kind: 'emergency', accountId: 'c0', number: '911', trunk: 'sos', dialled: '911',
      gateways: ['203.0.113.50:5060', '203.0.113.51:5080'], ringTimeoutSeconds: 60,
    });
    // Ordinary calls of that account are refused: no funds (the limits come first here).
    expect(authorizeCall(index, call('442079460000'), NOW, { channels, cps })).toMatchObject({ ok: false });
    expect(authorizeCall(index, call('442079460000'), NOW)).toMatchObject({ ok: false, code: 'insufficient_funds' });
  });

  it("uses the operator's list per country, after translation, before E.164", () => {
    const index = indexOf(withSos({ trunkId: 'sos', numbersByCountry: { AU: ['000', '112'] } }, {
      country: 'AU', translationRules: '"*/0011"',
    }));
    expect(authorizeCall(index, call('000'), NOW)).toMatchObject({ kind: 'emergency', number: '000', dialled: '000' });
    // The trunk's own translation rules shape the outbound number.
    expect(authorizeCall(index, call('112'), NOW)).toMatchObject({ kind: 'emergency', dialled: '0112' });
    // 911 is not an AU emergency number: it goes the normal way (0011911 → 911, which no deck prices).
    expect(authorizeCall(index, call('911'), NOW)).toMatchObject({ ok: false, code: 'no_rate' });
    const translated = indexOf(withSos({ trunkId: 'sos' }, { country: 'GB', translationRules: '"0999/999"' }));
    expect(authorizeCall(translated, call('0999'), NOW)).toMatchObject({ kind: 'emergency', number: '999' });
  });

  it('still refuses suspended accounts and says no_route without an emergency trunk', () => {
    const suspended = indexOf(withSos({ trunkId: 'sos' }, { status: 'suspended' }));
    expect(authorizeCall(suspended, call('911'), NOW)).toMatchObject({ ok: false, code: 'account_suspended' });
    const channels = new ChannelCounts();
    const noTrunk = indexOf((content) => content);
    const refused = authorizeCall(noTrunk, call('911'), NOW, { channels });
    expect(refused).toMatchObject({ ok: false, code: 'no_route' });
    expect(refused.ok ? '' : refused.message).toContain('no emergency trunk');
  });

  it('refuses a snapshot whose emergency trunk is missing', () => {
    const { content, decks } = syntheticSnapshot({ customers: 1, rates: [['44', 20_000]] });
    const built = buildEdgeIndex({ ...content, emergency: { trunkId: 'nope' } }, decks);
    expect(built).toMatchObject({ ok: false, code: 'snapshot_inconsistent' });
  });
});
