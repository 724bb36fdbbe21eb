// Proves the one guard over real HTTP: every route × every role × an account inside and one outside the caller's subtree answers as the table says (2xx / 401 / 403 / 404), denied writes change nothing, and no foreign record appears in a denied body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes';
import { DEMO_ACCOUNTS } from '../../local/seed';
import { CONFIG_EXPECTED, CONFIG_REQUESTS, CONFIG_TARGETS } from './harness-config';
import { startTestApi, type TestApi } from '../support/api';

export type Caller =
  | 'admin'
  | 'sub_admin'
  | 'reseller'
  | 'customer'
  | 'provider'
  | 'edge'
  | 'anonymous';
export type Outcome = 'ok' | 401 | 403 | 404;
const CALLERS: readonly Caller[] = [
  'admin',
  'sub_admin',
  'reseller',
  'customer',
  'provider',
  'edge',
  'anonymous',
];

/** Who each caller is, and one account inside (own) and one outside (foreign) its subtree. */
const WHO: Record<Caller, { login?: string; own: string; foreign: string; source: string }> = {
  admin: { login: 'admin', own: 'c3', foreign: 'c4', source: 'r1' },
  sub_admin: { login: 'auditor', own: 'c3', foreign: 'c4', source: 'r1' },
  reseller: { login: 'reseller1', own: 'c3', foreign: 'c4', source: 'r1' },
  customer: { login: 'alice', own: 'c1', foreign: 'c4', source: 'c1' },
  provider: { login: 'carrier', own: 'p1', foreign: 'c1', source: 'p1' },
  edge: { own: 'c1', foreign: 'c4', source: 'op' },
  anonymous: { own: 'c1', foreign: 'c4', source: 'op' },
};

export const everyone = (outcome: Outcome): Record<Caller, [Outcome, Outcome]> =>
  Object.fromEntries(CALLERS.map((caller) => [caller, [outcome, outcome]])) as Record<
    Caller,
    [Outcome, Outcome]
  >;
export const read: Record<Caller, [Outcome, Outcome]> = {
  admin: ['ok', 'ok'],
  sub_admin: ['ok', 'ok'],
  reseller: ['ok', 404],
  customer: ['ok', 404],
  provider: ['ok', 404],
  edge: [403, 403],
  anonymous: [401, 401],
};
export const write: Record<Caller, [Outcome, Outcome]> = {
  admin: ['ok', 'ok'],
  sub_admin: [403, 403],
  reseller: ['ok', 404],
  customer: [403, 403],
  provider: [403, 403],
  edge: [403, 403],
  anonymous: [401, 401],
};

/** Expected outcome per route (by operationId) and caller, for [own, foreign] targets. */
const EXPECTED: Record<string, Record<Caller, [Outcome, Outcome]>> = {
  getHealth: everyone('ok'),
  getOpenApi: everyone('ok'),
  login: everyone('ok'),
  getMe: { ...everyone('ok'), edge: [403, 403], anonymous: [401, 401] },
  getBalance: read,
  listPostings: read,
  refillAccount: write,
  chargeAccount: write,
  transferFunds: write,
  getEdgeIdentity: { ...everyone(403), edge: ['ok', 'ok'], anonymous: [401, 401] },
  getEdgeSnapshot: { ...everyone(403), edge: ['ok', 'ok'], anonymous: [401, 401] },
  ...CONFIG_EXPECTED,
  postEdgeCdrs: { ...everyone(403), edge: ['ok', 'ok'], anonymous: [401, 401] },
  importCdrs: { ...everyone(403), admin: ['ok', 'ok'], anonymous: [401, 401] },
  listUnratedCdrs: {
    ...everyone(403),
    admin: ['ok', 'ok'],
    sub_admin: ['ok', 'ok'],
    anonymous: [401, 401],
  },
  rerateUnratedCdrs: { ...everyone(403), admin: ['ok', 'ok'], anonymous: [401, 401] },
  rerateCdrPeriod: { ...everyone(403), admin: ['ok', 'ok'], anonymous: [401, 401] },
  listCdrDeadLetters: {
    ...everyone(403),
    admin: ['ok', 'ok'],
    sub_admin: ['ok', 'ok'],
    anonymous: [401, 401],
  },
};

export interface Call {
  method: string;
  path: string;
  body?: unknown;
  key?: boolean;
}
let counter = 0;
/** A valid request for each route, aimed at `target` (and paid from `source` for transfers). */
const REQUESTS: Record<string, (target: string, source: string) => Call | Promise<Call>> = {
  getHealth: () => ({ method: 'GET', path: '/health' }),
  getOpenApi: () => ({ method: 'GET', path: '/openapi.json' }),
  login: () => ({
    method: 'POST',
    path: '/auth/login',
    body: { login: 'admin', password: 'admin-demo' },
  }),
  getMe: () => ({ method: 'GET', path: '/me' }),
  getBalance: (target) => ({ method: 'GET', path: `/accounts/${target}/balance` }),
  listPostings: (target) => ({ method: 'GET', path: `/accounts/${target}/postings` }),
  refillAccount: (target) => ({
    method: 'POST',
    path: `/accounts/${target}/refills`,
    body: { amountMicros: 1 },
    key: true,
  }),
  chargeAccount: (target) => ({
    method: 'POST',
    path: `/accounts/${target}/charges`,
    body: { amountMicros: 1 },
    key: true,
  }),
  transferFunds: (target, source) => ({
    method: 'POST',
    path: '/transfers',
    body: { fromAccountId: source, toAccountId: target, amountMicros: 1 },
    key: true,
  }),
  getEdgeIdentity: () => ({ method: 'GET', path: '/edge/whoami' }),
  getEdgeSnapshot: () => ({ method: 'GET', path: '/edge/snapshot' }),
  postEdgeCdrs: () => ({ method: 'POST', path: '/edge/cdrs', body: { cdrs: [harnessCdr()] } }),
  importCdrs: () => ({ method: 'POST', path: '/cdrs/import', body: { documents: ['not a cdr'] } }),
  listUnratedCdrs: () => ({ method: 'GET', path: '/cdrs/unrated?reason=malformed' }),
  listCdrDeadLetters: () => ({ method: 'GET', path: '/cdrs/dead-letters' }),
  rerateCdrPeriod: (target) => ({
    method: 'POST',
    path: `/accounts/${target}/cdrs/rerate`,
    body: { fromEpochMs: 0, toEpochMs: 1 },
  }),
  rerateUnratedCdrs: () => ({
    method: 'POST',
    path: '/cdrs/unrated/rerate',
    body: { reason: 'unknown_account' },
  }),
  ...CONFIG_REQUESTS((method, path, body) =>
    api.request(method, path, { ...credentials.get('admin'), body }),
  ),
};

/** A parsed CDR nobody owns (a new uuid per call): it ends unrated, `unknown_account`. */
function harnessCdr() {
  return {
    kind: 'parsed',
    source: 'http',
    receivedAtEpochMs: 1_700_000_000_000,
    cdr: { ...HARNESS_CDR, uuid: `harness-${(counter += 1)}`, callUuid: `harness-${counter}` },
  };
}
const HARNESS_CDR = {
  leg: 'a',
  direction: 'inbound',
  caller: '1001',
  callee: '15551234567',
  context: 'default',
  accountCode: null,
  authUser: null,
  authRealm: null,
  callerSipUser: null,
  callerSipDomain: null,
  sourceIp: '192.0.2.1',
  startedAtEpochMs: 1_700_000_000_000,
  answeredAtEpochMs: null,
  endedAtEpochMs: 1_700_000_005_000,
  billsec: 0,
  billmsec: 0,
  hangupCause: 'NO_ANSWER',
  hangupCauseQ850: 19,
  gateway: null,
  otherLegUuid: null,
  tollgate: null,
};

let api: TestApi;
const credentials = new Map<Caller, { token?: string; apiKey?: string }>();

beforeAll(async () => {
  api = await startTestApi();
  for (const caller of CALLERS) {
    const login = WHO[caller].login;
    credentials.set(
      caller,
      login
        ? { token: await api.login(login) }
        : caller === 'edge'
          ? { apiKey: api.seed.edgeApiKey }
          : {},
    );
  }
});
afterAll(() => api.close());

describe('role × subtree harness', () => {
  it('has expectations and a request for every route', () => {
    const missing = ROUTES.map((route) => route.operationId).filter(
      (id) => !EXPECTED[id] || !REQUESTS[id],
    );
    expect(missing, 'add these routes to test/api/harness.test.ts').toEqual([]);
  });

  const cases = ROUTES.flatMap((route) =>
    CALLERS.flatMap((caller) =>
      (['own', 'foreign'] as const).map((side) => ({ id: route.operationId, caller, side })),
    ),
  );
  it.each(cases)('$id as $caller on the $side subtree', async ({ id, caller, side }) => {
    const who = { ...WHO[caller], ...CONFIG_TARGETS[id]?.[caller] };
    const target = side === 'own' ? who.own : who.foreign;
    const call = await REQUESTS[id]!(target, who.source);
    const expected = EXPECTED[id]![caller][side === 'own' ? 0 : 1];
    const before = call.key ? await balances([target, who.source]) : undefined;
    const response = await api.request(call.method, call.path, {
      ...credentials.get(caller),
      body: call.body,
      headers: call.key ? { 'idempotency-key': `h-${(counter += 1)}` } : {},
    });
    if (expected === 'ok') {
      expect(response.status, response.text).toBeGreaterThanOrEqual(200);
      expect(response.status, response.text).toBeLessThan(300);
      return;
    }
    expect(response.status, response.text).toBe(expected);
    if (before) expect(await balances([target, who.source])).toEqual(before);
    if (side === 'foreign') {
      const foreign = DEMO_ACCOUNTS.find((account) => account.accountId === target)!;
      expect(response.text).not.toContain(`"${foreign.accountId}"`);
      expect(response.text).not.toContain(foreign.name);
    }
  });
});

async function balances(accountIds: string[]): Promise<number[]> {
  const admin = credentials.get('admin')!;
  return Promise.all(
    accountIds.map(
      async (accountId) =>
        (await api.request('GET', `/accounts/${accountId}/balance`, admin)).json
          .balanceMicros as number,
    ),
  );
}
