// Proves the edge's authorization order and refusal codes on a synthetic snapshot: digest, ACL
// and caller-ID identification, suspended/expired accounts and resellers, translation and
// normalization, blocked prefixes, no rate, chain funds, max cost per call and no-loss routing.
import { describe, expect, it } from 'vitest';
import { customerIp, syntheticSnapshot } from '../../test/edge-auth/synthetic-snapshot';
import type { SnapshotContent } from '../snapshot/snapshot';
import { authorizeCall, type CallFunds } from './authorize';
import { ChannelCounts } from './channels';
import { CpsWindow } from './cps';
import { buildEdgeIndex } from './edge-index';
import type { CallIdentity } from './identify';

const NOW = Date.UTC(2026, 0, 5, 12);
const RATES: [string, number][] = [['44', 20_000], ['4420', 15_000], ['1', 10_000]];

function indexOf(change: (content: SnapshotContent) => SnapshotContent = (c) => c) {
  const { content, decks } = syntheticSnapshot({ customers: 3, rates: RATES });
  const built = buildEdgeIndex(change(content), decks);
  if (!built.ok) throw new Error(built.message);
  return built.index;
}

const digest = (callee: string): CallIdentity => ({
  authUser: '100000', authRealm: 'sip.example', sourceIp: '198.18.0.1', caller: '100000', callee,
});
const withAccount = (id: string, patch: object) => (content: SnapshotContent) => ({
  ...content,
  accounts: content.accounts.map((a) => (a.accountId === id ? { ...a, ...patch } : a)),
});

describe('authorizeCall', () => {
  it('authorizes a digest caller: sell rate, chain max seconds, routes over the carrier', () => {
    const result = authorizeCall(indexOf(), digest('442079460000'), NOW);
    expect(result).toMatchObject({ ok: true, accountId: 'c0', identifiedBy: 'digest', digits: '442079460000' });
    if (!result.ok || result.kind !== 'routed') return;
    expect(result.selection.prefix).toBe('4420');
    // 25 units at 0.0225/min (1.5 × 15,000 micros) by the second: 66,666 s, capped at 10,800.
    expect(result.maxSeconds).toBe(10_800);
    expect(result.routes.map((r) => [r.trunk, r.gateways.length])).toEqual([['t1', 2]]);
  });

  it('identifies by ACL when no digest user, and by caller ID only on access numbers', () => {
    const index = indexOf();
    const acl = { authUser: null, authRealm: null, sourceIp: customerIp(2), caller: 'x', callee: '4420' };
    expect(authorizeCall(index, acl, NOW)).toMatchObject({ ok: true, accountId: 'c2', identifiedBy: 'ip_acl' });
    const byCallerId = { ...acl, sourceIp: '203.0.113.1', caller: '15551230000', callee: '18005550100' };
    // Answered with the access prompt (identify.test.ts has the rest of that flow).
    expect(authorizeCall(index, byCallerId, NOW)).toEqual({ ok: true, kind: 'access', accountId: 'c0' });
    expect(authorizeCall(index, { ...byCallerId, callee: '4420' }, NOW)).toMatchObject({ code: 'unknown_caller' });
    expect(authorizeCall(index, { ...digest('44'), authUser: '999' }, NOW)).toMatchObject({ code: 'unknown_caller' });
  });

  it('refuses in order with the pinned reasons', () => {
    const call = digest('442079460000');
    const code = (change: (c: SnapshotContent) => SnapshotContent, callee = call.callee) => {
      const result = authorizeCall(indexOf(change), { ...call, callee }, NOW);
      return result.ok ? 'ok' : result.code;
    };
    expect(code(withAccount('c0', { status: 'suspended' }))).toBe('account_suspended');
    expect(code(withAccount('r1', { status: 'suspended' }))).toBe('account_suspended');
    expect(code(withAccount('c0', { expiresAtEpochMs: NOW }))).toBe('account_expired');
    expect(code((c) => c, '44-abc')).toBe('invalid_number');
    expect(code(withAccount('c0', { blockedPrefixes: ['4420'] }))).toBe('blocked_prefix');
    expect(code(withAccount('c0', { translationRules: '"0044/44"' }), '00442079460000')).toBe('ok');
    expect(code((c) => c, '999')).toBe('no_rate');
    expect(code(withAccount('c0', { availableMicros: 0 }))).toBe('insufficient_funds');
    expect(code(withAccount('r1', { availableMicros: -1 }))).toBe('insufficient_funds');
    expect(code(withAccount('c0', { maxCostPerCallMicros: 100 }))).toBe('max_cost_exceeded');
  });

  it('caps by max cost per call and drops routes that lose money', () => {
    const capped = authorizeCall(indexOf(withAccount('c0', { maxCostPerCallMicros: 22_500 })), digest('4420'), NOW);
    expect(capped).toMatchObject({ ok: true, maxSeconds: 60, limitedBy: 'c0' });
    // The carrier now charges the retail price: more than the operator receives from r1.
    const lossy = (c: SnapshotContent): SnapshotContent => {
      const retail = c.rateGroups.find((g) => g.id === 'rg-r1')!.versions[0]!.deckHash;
      const rateGroups = c.rateGroups.map((g) => ({
        ...g,
        versions: g.versions.map((v) => (v.deckKind === 'termination' ? { ...v, deckHash: retail } : v)),
      }));
      return { ...c, rateGroups };
    };
    expect(authorizeCall(indexOf(lossy), digest('4420'), NOW)).toMatchObject({ code: 'no_route' });
    const allowed = (c: SnapshotContent) => withAccount('c0', { allowLossRouting: true })(lossy(c));
    expect(authorizeCall(indexOf(allowed), digest('4420'), NOW)).toMatchObject({ ok: true });
  });

  it('admits calls per second up the chain, counted per edge, in one-second windows', () => {
    const index = indexOf(withAccount('r1', { cpsLimit: 3 }));
    const cps = new CpsWindow();
    const at = (ms: number, user = '100000') =>
      authorizeCall(index, { ...digest('4420'), authUser: user }, NOW + ms, { cps });
    expect([at(0), at(100), at(200)].map((r) => r.ok)).toEqual([true, true, true]);
    expect(at(300, '100001')).toMatchObject({ ok: false, code: 'cps_limit' });
    expect(at(1_000, '100001')).toMatchObject({ ok: true });
  });

  it('holds a channel per call up the chain until released; a refused call gives it back', () => {
    const index = indexOf(withAccount('r1', { maxChannels: 2 }));
    const channels = new ChannelCounts();
    const at = (uuid: string, callee = '4420') =>
      authorizeCall(index, { ...digest(callee), callUuid: uuid }, NOW, { channels });
    expect(at('a').ok && at('b').ok && at('a').ok).toBe(true);
    expect(at('c')).toMatchObject({ ok: false, code: 'channel_limit' });
    channels.release('a');
    expect(at('c', '999')).toMatchObject({ ok: false, code: 'no_rate' });
    expect(channels.inUse('r1')).toBe(1);
    expect(at('d').ok).toBe(true);
  });

  it('bridges a call to a device in the caller\'s domain on-net, at the local charge', () => {
    const local = withAccount('c0', { localCalls: { allowed: true, perMinuteMicros: 60_000 } });
    const result = authorizeCall(indexOf(local), digest('100001'), NOW);
    // 25,000,000 micros at 1,000 micros a second: 25,000 s, capped at 10,800.
    expect(result).toMatchObject({ ok: true, kind: 'on_net', user: '100001', domain: 'sip.example', maxSeconds: 10_800 });
    const broke = (c: SnapshotContent) => withAccount('c0', { availableMicros: 0 })(local(c));
    expect(authorizeCall(indexOf(broke), digest('100001'), NOW)).toMatchObject({ code: 'insufficient_funds' });
    const notAllowed = withAccount('c0', { localCalls: { allowed: false, perMinuteMicros: 0 } });
    // Not allowed on-net: an ordinary call (the synthetic deck prices prefix 1).
    expect(authorizeCall(indexOf(notAllowed), digest('100001'), NOW)).toMatchObject({ ok: true, kind: 'routed' });
  });

  it('bounds max seconds by the customer rate group\'s billable rules (the rater\'s)', () => {
    type Billing = { duration: 'billsec' | 'billmsec_ceil'; minimumBillableSeconds: number };
    const billing = (rules: Billing) => (c: SnapshotContent): SnapshotContent => ({
      ...c,
      rateGroups: c.rateGroups.map((g) => ({ ...g, billing: { billedHangupCauses: null, ...rules } })),
    });
    const capped = withAccount('c0', { maxCostPerCallMicros: 22_500 });
    const maxSecondsOf = (change: (c: SnapshotContent) => SnapshotContent) => {
      const result = authorizeCall(indexOf((c) => change(capped(c))), digest('4420'), NOW);
      return result.ok && result.kind === 'routed' ? result.maxSeconds : result;
    };
    // 0.0225 buys 60 s at 0.0225/min by the second; billed by ceil(billmsec) a call cut at
    // 60 s bills 61, so the edge answers 59; a 90 s minimum cannot be paid at all.
    expect(maxSecondsOf(billing({ duration: 'billsec', minimumBillableSeconds: 0 }))).toBe(60);
    expect(maxSecondsOf(billing({ duration: 'billmsec_ceil', minimumBillableSeconds: 0 }))).toBe(59);
    expect(maxSecondsOf(billing({ duration: 'billsec', minimumBillableSeconds: 90 }))).toMatchObject({ code: 'max_cost_exceeded' });
  });

  it('takes each level\'s funds from the funds source (the edge\'s lease), not the snapshot', () => {
    const asked: string[] = [];
    const lease = (c0: number, r1: number): CallFunds => ({
      availableMicros(accountId, level, levelAccountId) {
        asked.push(`${accountId}:${level}:${levelAccountId}`);
        return levelAccountId === 'c0' ? c0 : r1;
      },
    });
    // 15,000 micros a minute at c0 (1.5 × the deck's): 0.015 of lease buys 60 s.
    const bounded = authorizeCall(indexOf(), digest('442079460000'), NOW, { funds: lease(22_500, 1e9) });
    expect(bounded).toMatchObject({ ok: true, kind: 'routed', maxSeconds: 60, limitedBy: 'c0' });
    expect(asked).toEqual(['c0:0:c0', 'c0:1:r1']);
    if (bounded.ok && bounded.kind === 'routed') expect(bounded.levels.map((l) => l.availableMicros)).toEqual([22_500, 1e9]);
    const empty = authorizeCall(indexOf(), digest('442079460000'), NOW, { funds: lease(0, 1e9) });
    expect(empty).toMatchObject({ ok: false, code: 'insufficient_funds', accountId: 'c0' });
    const resellerShort = authorizeCall(indexOf(), digest('442079460000'), NOW, { funds: lease(1e9, 0) });
    expect(resellerShort).toMatchObject({ ok: false, code: 'insufficient_funds' });
    const local = withAccount('c0', { localCalls: { allowed: true, perMinuteMicros: 60_000 } });
    expect(authorizeCall(indexOf(local), digest('100001'), NOW, { funds: lease(30_000, 0) })).toMatchObject({
      ok: true,
      kind: 'on_net',
      maxSeconds: 30,
    });
  });
});
