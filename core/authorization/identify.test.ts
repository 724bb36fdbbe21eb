// Proves the access-number flow's two lookups on a synthetic snapshot: a caller ID calling one of
// its access numbers is answered `access` once its standing is checked (suspended refused at
// once), and the digits it then enters, in context `tollgate_access` with the account the first
// answer set, are authorized as any call of that account; the account variable is ignored in
// any other context, and an account no longer in the snapshot is unknown.
import { describe, expect, it } from 'vitest';
import { syntheticSnapshot } from '../../test/edge-auth/synthetic-snapshot';
import type { SnapshotContent } from '../snapshot/snapshot';
import { authorizeCall } from './authorize';
import { ChannelCounts } from './channels';
import { CpsWindow } from './cps';
import { buildEdgeIndex } from './edge-index';
import { ACCESS_CONTEXT, identifyCaller, type CallIdentity } from './identify';

const NOW = Date.UTC(2026, 0, 5, 12);

function indexOf(change: (content: SnapshotContent) => SnapshotContent = (c) => c) {
  const { content, decks } = syntheticSnapshot({ customers: 3, rates: [['44', 20_000], ['4420', 15_000]] });
  const built = buildEdgeIndex(change(content), decks);
  if (!built.ok) throw new Error(built.message);
  return built.index;
}

const suspended = (id: string) => (content: SnapshotContent) => ({
  ...content,
  accounts: content.accounts.map((a) => (a.accountId === id ? { ...a, status: 'suspended' as const } : a)),
});

/** c0's caller ID, from an address no ACL knows, calling its access number. */
const toAccessNumber: CallIdentity = {
  callUuid: 'u1', authUser: null, authRealm: null, sourceIp: '203.0.113.1', caller: '15551230000',
  callee: '18005550100', context: 'public',
};
/** The same channel after the transfer: the digits, in the access context, with the account. */
const digits: CallIdentity = {
  ...toAccessNumber, callee: '442079460000', context: ACCESS_CONTEXT, accessAccount: 'c0',
};

describe('identifyCaller: access numbers', () => {
  it('identifies a caller ID on its access number, and the digits after the transfer', () => {
    const index = indexOf();
    expect(identifyCaller(index, toAccessNumber)).toEqual({
      ok: true, accountId: 'c0', by: 'caller_id', number: '18005550100',
    });
    expect(identifyCaller(index, digits)).toEqual({
      ok: true, accountId: 'c0', by: 'access_number', number: '442079460000',
    });
  });

  it('matches caller ID and access number with or without the E.164 "+" (carriers send both)', () => {
    const plusInRequest = { ...toAccessNumber, caller: '+15551230000', callee: '+18005550100' };
    expect(identifyCaller(indexOf(), plusInRequest)).toMatchObject({ ok: true, accountId: 'c0', by: 'caller_id' });
    const plusStored = indexOf((content) => ({
      ...content,
      callerIds: content.callerIds.map((c) => ({
        ...c, callerIdNumber: `+${c.callerIdNumber}`, accessNumbers: c.accessNumbers.map((n) => `+${n}`),
      })),
    }));
    expect(identifyCaller(plusStored, toAccessNumber)).toMatchObject({ ok: true, accountId: 'c0', by: 'caller_id' });
    expect(identifyCaller(plusStored, { ...toAccessNumber, callee: '+18005550101' })).toEqual({ ok: false, code: 'unknown_caller' });
  });

  it('matches a caller ID that carries URI parameters after the number (;cpc=…)', () => {
    const withParameters = { ...toAccessNumber, caller: '+15551230000;cpc=ordinary' };
    expect(identifyCaller(indexOf(), withParameters)).toMatchObject({ ok: true, accountId: 'c0', by: 'caller_id' });
    const other = { ...toAccessNumber, caller: '+15551230099;cpc=ordinary' };
    expect(identifyCaller(indexOf(), other)).toEqual({ ok: false, code: 'unknown_caller' });
  });

  it('honours the account variable only in the access context', () => {
    const index = indexOf();
    // A SIP header cannot reach this variable, but a context other than ours never trusts it.
    for (const context of ['public', 'default', 'tollgate_access2', undefined]) {
      expect(identifyCaller(index, { ...digits, context })).toEqual({ ok: false, code: 'unknown_caller' });
    }
    // In the access context only the variable identifies: not the caller ID, not a missing one.
    expect(identifyCaller(index, { ...toAccessNumber, context: ACCESS_CONTEXT })).toMatchObject({ ok: false });
    expect(identifyCaller(index, { ...digits, accessAccount: null })).toMatchObject({ ok: false });
    expect(identifyCaller(index, { ...digits, accessAccount: 'gone' })).toMatchObject({ ok: false });
  });
});

describe('authorizeCall: access numbers', () => {
  it('answers the access number with `access`; the channel is taken by the digits\' lookup', () => {
    const channels = new ChannelCounts();
    const index = indexOf();
    expect(authorizeCall(index, toAccessNumber, NOW, { channels })).toEqual({
      ok: true, kind: 'access', accountId: 'c0',
    });
    expect(channels.inUse('c0')).toBe(0);
    expect(authorizeCall(index, digits, NOW, { channels })).toMatchObject({ ok: true, kind: 'routed' });
    expect(channels.inUse('c0')).toBe(1);
  });

  it('counts an access-number call\'s calls per second once, on its first lookup, and refuses a flood there', () => {
    const limited = indexOf((content) => ({
      ...content,
      accounts: content.accounts.map((a) => (a.accountId === 'c0' ? { ...a, cpsLimit: 2 } : a)),
    }));
    const cps = new CpsWindow();
    const first = (uuid: string) => authorizeCall(limited, { ...toAccessNumber, callUuid: uuid }, NOW, { cps });
    const second = (uuid: string) => authorizeCall(limited, { ...digits, callUuid: uuid }, NOW, { cps });
    expect(first('a')).toMatchObject({ ok: true, kind: 'access' });
    expect(second('a')).toMatchObject({ ok: true, kind: 'routed' });
    expect(first('b')).toMatchObject({ ok: true, kind: 'access' });
    expect(second('b')).toMatchObject({ ok: true, kind: 'routed' });
    // Two calls this second: the third access call is refused before it is answered.
    expect(first('c')).toMatchObject({ ok: false, code: 'cps_limit', accountId: 'c0' });
    // Had the digits' lookups counted too, call b would have been refused already. Next second:
    expect(authorizeCall(limited, { ...toAccessNumber, callUuid: 'd' }, NOW + 1000, { cps })).toMatchObject({ ok: true, kind: 'access' });
  });

  it('authorizes the digits like any call of the account, by access number', () => {
    const result = authorizeCall(indexOf(), digits, NOW);
    expect(result).toMatchObject({
      ok: true, kind: 'routed', accountId: 'c0', identifiedBy: 'access_number', digits: '442079460000',
    });
    if (!result.ok || result.kind !== 'routed') return;
    expect(result.selection.prefix).toBe('4420');
    expect(result.maxSeconds).toBe(10_800);
    expect(result.routes.map((route) => route.trunk)).toEqual(['t1']);
    expect(authorizeCall(indexOf(), { ...digits, callee: '4' }, NOW)).toMatchObject({ ok: false });
    // The emergency check applies to the digits too (this snapshot names no emergency trunk).
    expect(authorizeCall(indexOf(), { ...digits, callee: '911' }, NOW)).toMatchObject({
      ok: false, code: 'no_route', message: expect.stringContaining('emergency'),
    });
  });

  it('refuses a suspended account (or reseller) on the first lookup, before answering', () => {
    expect(authorizeCall(indexOf(suspended('c0')), toAccessNumber, NOW)).toMatchObject({
      ok: false, code: 'account_suspended', accountId: 'c0',
    });
    expect(authorizeCall(indexOf(suspended('r1')), toAccessNumber, NOW)).toMatchObject({ code: 'account_suspended' });
    // Suspended between the two lookups: the second is refused too.
    expect(authorizeCall(indexOf(suspended('c0')), digits, NOW)).toMatchObject({ code: 'account_suspended' });
  });
});
