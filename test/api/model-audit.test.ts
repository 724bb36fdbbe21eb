// Proves the data-model routes answer semantic edge values the way an operator expects, over real HTTP on DynamoDB Local: each unsound value is a 4xx with the documented code naming the exact field and nothing written (the newest audit entry is unchanged), another subtree's object is the same 404 as a missing one, a real conflict (a realm another device answers to, a trunk or rate group still in use, an operator with open accounts) is a 409, and sound edge values (IPv6 gateways, /0 with a tech prefix, the deepest reseller, markup bounds) are accepted as canonical values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TREE_DEPTH } from '../../core/accounts/tenancy';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  for (const login of ['admin', 'reseller1', 'alice']) tokens[login] = await api.login(login);
});
afterAll(() => api.close());

const send = (who: string, method: string, path: string, body?: unknown) =>
  api.request(method, path, { token: tokens[who], body });

async function newestAudit(): Promise<string> {
  const page = await send('admin', 'GET', '/accounts/op/audit?limit=1');
  return String(page.json.entries[0].auditId);
}

const customer = (accountId: string, extra: Record<string, unknown> = {}) => ({
  accountId,
  parentId: 'r1',
  type: 'customer',
  currency: 'USD',
  mode: 'prepaid',
  number: `N-${accountId}`,
  name: `Customer ${accountId}`,
  timezone: 'UTC',
  country: 'US',
  ...extra,
});
const device = (extra: Record<string, unknown>) => ({
  id: 'dx',
  username: 'ux',
  domain: 'audit.test',
  password: 'long-enough',
  ...extra,
});
const trunk = (gateways: unknown[], extra: Record<string, unknown> = {}) => ({
  id: 'tx',
  name: 'Audit carrier',
  gateways,
  ...extra,
});
const group = (extra: Record<string, unknown>) => ({ id: 'gx', name: 'Audit group', ...extra });
const numbers = (count: number) => Array.from({ length: count }, (_, i) => String(1800 + i));

/** [what, caller, method, path, body, status, code, field] */
type Refusal = [string, string, string, string, unknown, number, string, string | null];
const A = 'admin';
const R1 = 'reseller1';

const ACCOUNTS: Refusal[] = [
  ['its own parent', A, 'POST', '/accounts', customer('self', { parentId: 'self' }),
    404, 'account_not_found', 'parentId'],
  ['an ancestor re-created below its child', A, 'POST', '/accounts',
    customer('r1', { parentId: 'r1a', type: 'reseller', number: 'N-x' }),
    409, 'account_exists', 'accountId'],
  ['moved to another subtree', A, 'PATCH', '/accounts/c3', { parentId: 'r2' },
    400, 'unknown_field', 'parentId'],
  ['moved by path', A, 'PATCH', '/accounts/c3', { path: '/op/r2/c3/' },
    400, 'unknown_field', 'path'],
  ['type operator', A, 'POST', '/accounts', customer('x1', { type: 'operator' }),
    400, 'invalid_value', 'type'],
  ['created closed', A, 'POST', '/accounts', customer('x1', { status: 'closed' }),
    400, 'invalid_value', 'status'],
  ['status in capitals', A, 'POST', '/accounts', customer('x1', { status: 'Active' }),
    400, 'invalid_value', 'status'],
  ['expiry in seconds', A, 'POST', '/accounts', customer('x1', { expiresAtEpochMs: 1_767_225_600 }),
    400, 'invalid_value', 'expiresAtEpochMs'],
  ['expiry in seconds (change)', A, 'PATCH', '/accounts/c2', { expiresAtEpochMs: 1_767_225_600 },
    400, 'invalid_value', 'expiresAtEpochMs'],
  ['expiry not whole', A, 'POST', '/accounts', customer('x1', { expiresAtEpochMs: 1.5e12 + 0.5 }),
    400, 'invalid_type', 'expiresAtEpochMs'],
  ['currency in lower case', A, 'POST', '/accounts', customer('x1', { currency: 'usd' }),
    400, 'invalid_value', 'currency'],
  ['currency changed', A, 'PATCH', '/accounts/c1', { currency: 'EUR' },
    400, 'unknown_field', 'currency'],
  ['credit limit not whole', A, 'POST', '/accounts', customer('x1', { creditLimitMicros: 1.5 }),
    400, 'invalid_type', 'creditLimitMicros'],
  ['credit limit past 2^53', A, 'PATCH', '/accounts/c2', { creditLimitMicros: 2 ** 53 },
    400, 'invalid_value', 'creditLimitMicros'],
  ['max call seconds 0', A, 'POST', '/accounts', customer('x1', { maxCallSeconds: 0 }),
    400, 'invalid_value', 'maxCallSeconds'],
  ['max call seconds past a day', A, 'PATCH', '/accounts/c1', { maxCallSeconds: 86_401 },
    400, 'invalid_value', 'maxCallSeconds'],
  ['country in lower case', A, 'POST', '/accounts', customer('x1', { country: 'us' }),
    400, 'invalid_value', 'country'],
  ['invoice day 29', A, 'PATCH', '/accounts/c1',
    { billingCycle: { period: 'monthly', invoiceDay: 29 } },
    400, 'invalid_value', 'billingCycle.invoiceDay'],
  ['blocked prefix with +', A, 'PATCH', '/accounts/c1', { blockedPrefixes: ['44', '+44'] },
    400, 'invalid_value', 'blockedPrefixes.1'],
  ['name cleared', A, 'PATCH', '/accounts/c1', { name: null }, 400, 'invalid_type', 'name'],
  ['number of another account', A, 'PATCH', '/accounts/c1', { number: '100005' },
    409, 'duplicate_account_number', 'number'],
  ['policy account without a number', A, 'PATCH', '/accounts/c1', { callerIdPolicy: 'account' },
    422, 'caller_id_number_required', 'callerIdNumber'],
  ['its own rate group', A, 'PATCH', '/accounts/r1', { rateGroupId: 'rg-r1' },
    422, 'rate_group_not_usable', 'rateGroupId'],
  ['a reseller changes itself', R1, 'PATCH', '/accounts/r1', { name: 'x' },
    404, 'account_not_found', 'accountId'],
  ['a customer changes itself', 'alice', 'PATCH', '/accounts/c1', { name: 'x' },
    403, 'forbidden', null],
  ['the operator closed with open accounts', A, 'PATCH', '/accounts/op', { status: 'closed' },
    409, 'account_has_open_children', 'status'],
];

const DEVICES: Refusal[] = [
  ['domain with an empty label', A, 'POST', '/accounts/c1/devices',
    device({ domain: 'sip..example' }),
    400, 'invalid_value', 'domain'],
  ['domain label starting with -', A, 'POST', '/accounts/c1/devices',
    device({ domain: 'a.-b.test' }),
    400, 'invalid_value', 'domain'],
  ['domain that is no IPv4 address', A, 'POST', '/accounts/c1/devices',
    device({ domain: '999.1.1.1' }),
    400, 'invalid_value', 'domain'],
  ['realm that is no host', A, 'POST', '/accounts/c1/devices',
    device({ realms: ['audit.test', 'a b'] }),
    400, 'invalid_value', 'realms.1'],
  ['the same realm twice', A, 'POST', '/accounts/c1/devices',
    device({ realms: ['audit.test', 'AUDIT.test'] }),
    400, 'invalid_value', 'realms.1'],
  ['username with @', A, 'POST', '/accounts/c1/devices', device({ username: '1001@cgrates.org' }),
    400, 'invalid_value', 'username'],
  ['user in its domain, other case', A, 'POST', '/accounts/c2/devices',
    device({ username: '1001', domain: 'CGRATES.org' }),
    409, 'duplicate_username', 'username'],
  ["a realm another device answers to", A, 'POST', '/accounts/c4/devices',
    device({ username: '1001', domain: 'audit.test', realms: ['audit.test', '127.0.0.1'] }),
    409, 'duplicate_realms', 'realms.1'],
  ["a domain that is another device's realm", A, 'POST', '/accounts/c4/devices',
    device({ username: '1001', domain: '127.0.0.1' }),
    409, 'duplicate_username', 'username'],
  ['status closed', A, 'POST', '/accounts/c1/devices', device({ status: 'closed' }),
    400, 'invalid_value', 'status'],
  ['realms changed without the password', A, 'PATCH', '/accounts/c1/devices/1001-cgrates-org',
    { realms: ['cgrates.org'] },
    422, 'password_required', 'password'],
  ["another account's device through one's own", R1, 'GET', '/accounts/c1/devices/1015-cgrates-org',
    undefined,
    404, 'device_not_found', 'deviceId'],
  ["another subtree's account", R1, 'DELETE', '/accounts/c4/devices/1015-cgrates-org', undefined,
    404, 'account_not_found', 'accountId'],
];

const ACLS_AND_CALLER_IDS: Refusal[] = [
  ['/0 without a tech prefix', A, 'POST', '/accounts/c1/ip-acls', { id: 'ax', cidr: '0.0.0.0/0' },
    422, 'cidr_matches_every_address', 'cidr'],
  ['::/0 without a tech prefix', A, 'POST', '/accounts/c1/ip-acls', { id: 'ax', cidr: '::/0' },
    422, 'cidr_matches_every_address', 'cidr'],
  ['IPv6 host bits set', A, 'POST', '/accounts/c1/ip-acls', { id: 'ax', cidr: '2001:db8::1/64' },
    400, 'invalid_value', 'cidr'],
  ['IPv4 with a leading zero', A, 'POST', '/accounts/c1/ip-acls', { id: 'ax', cidr: '010.0.0.0/8' },
    400, 'invalid_value', 'cidr'],
  ['IPv6 with a zone', A, 'POST', '/accounts/c1/ip-acls', { id: 'ax', cidr: 'fe80::1%eth0' },
    400, 'invalid_value', 'cidr'],
  ['slash without a length', A, 'POST', '/accounts/c1/ip-acls', { id: 'ax', cidr: '10.0.0.0/' },
    400, 'invalid_value', 'cidr'],
  ['empty tech prefix', A, 'POST', '/accounts/c1/ip-acls',
    { id: 'ax', cidr: '10.9.0.0/16', techPrefix: '' },
    400, 'invalid_value', 'techPrefix'],
  ['tech prefix with letters', A, 'POST', '/accounts/c1/ip-acls',
    { id: 'ax', cidr: '10.9.0.0/16', techPrefix: 'ab' },
    400, 'invalid_value', 'techPrefix'],
  ['the same block as another account', A, 'POST', '/accounts/c4/ip-acls',
    { id: 'ax', cidr: '192.168.56.1' },
    409, 'duplicate_cidr', 'cidr'],
  ['caller ID with dashes', A, 'POST', '/accounts/c2/caller-ids',
    { id: 'kx', callerIdNumber: '+1-555-000-0005', accessNumbers: ['1800'] },
    400, 'invalid_value', 'callerIdNumber'],
  ['caller ID with two +', A, 'POST', '/accounts/c2/caller-ids',
    { id: 'kx', callerIdNumber: '++15550000005', accessNumbers: ['1800'] },
    400, 'invalid_value', 'callerIdNumber'],
  ['empty access number', A, 'POST', '/accounts/c2/caller-ids',
    { id: 'kx', callerIdNumber: '15550000005', accessNumbers: ['1800', ''] },
    400, 'invalid_value', 'accessNumbers.1'],
  ['21 access numbers', A, 'POST', '/accounts/c2/caller-ids',
    { id: 'kx', callerIdNumber: '15550000005', accessNumbers: numbers(21) },
    400, 'invalid_value', 'accessNumbers'],
  ['caller ID taken, without +', A, 'POST', '/accounts/c2/caller-ids',
    { id: 'kx', callerIdNumber: '15551230001', accessNumbers: ['1800'] },
    409, 'duplicate_caller_id_number', 'callerIdNumber'],
  ['caller ID changed to a taken one, with +', A, 'PATCH', '/accounts/c1/caller-ids/cid-c1',
    { callerIdNumber: '+15551230003' },
    409, 'duplicate_caller_id_number', 'callerIdNumber'],
];

const TRUNKS: Refusal[] = [
  ['host with a port', A, 'POST', '/accounts/p1/trunks', trunk([{ host: '198.51.100.9:5080' }]),
    400, 'invalid_value', 'gateways.0.host'],
  ['bare IPv6 host', A, 'POST', '/accounts/p1/trunks', trunk([{ host: '2001:db8::9' }]),
    400, 'invalid_value', 'gateways.0.host'],
  ['host of dots', A, 'POST', '/accounts/p1/trunks',
    trunk([{ host: '198.51.100.9' }, { host: '...' }]),
    400, 'invalid_value', 'gateways.1.host'],
  ['host that is no IPv4 address', A, 'POST', '/accounts/p1/trunks', trunk([{ host: '999.1.1.1' }]),
    400, 'invalid_value', 'gateways.0.host'],
  ['registration without a username', A, 'POST', '/accounts/p1/trunks',
    trunk([{ host: 'sip.carrier.example', register: true }]),
    400, 'invalid_value', 'gateways.0.username'],
  ['port 0', A, 'POST', '/accounts/p1/trunks', trunk([{ host: '198.51.100.9', port: 0 }]),
    400, 'invalid_value', 'gateways.0.port'],
  ['port not whole', A, 'POST', '/accounts/p1/trunks',
    trunk([{ host: '198.51.100.9', port: 5060.5 }]),
    400, 'invalid_type', 'gateways.0.port'],
  ['transport ws', A, 'POST', '/accounts/p1/trunks',
    trunk([{ host: '198.51.100.9', transport: 'ws' }]),
    400, 'invalid_value', 'gateways.0.transport'],
  ['11 gateways', A, 'POST', '/accounts/p1/trunks',
    trunk(Array.from({ length: 11 }, (_, i) => ({ host: `198.51.100.${i + 1}` }))),
    400, 'invalid_value', 'gateways'],
  ['ring timeout 0', A, 'PATCH', '/accounts/p1/trunks/t1', { ringTimeoutSeconds: 0 },
    400, 'invalid_value', 'ringTimeoutSeconds'],
  ['ring timeout 301', A, 'PATCH', '/accounts/p1/trunks/t1', { ringTimeoutSeconds: 301 },
    400, 'invalid_value', 'ringTimeoutSeconds'],
  ['codec with a space', A, 'PATCH', '/accounts/p1/trunks/t1', { codecs: ['PCMU', 'PC MA'] },
    400, 'invalid_value', 'codecs.1'],
  ['channel limit negative', A, 'PATCH', '/accounts/p1/trunks/t1', { channelLimit: -1 },
    400, 'invalid_value', 'channelLimit'],
  ['translation rules half written', A, 'PATCH', '/accounts/p1/trunks/t1',
    { translationRules: '"0044/44",011' }, 400, 'invalid_value', 'translationRules'],
  ['on a reseller', A, 'POST', '/accounts/r1/trunks', trunk([{ host: '198.51.100.9' }]),
    422, 'owner_type_not_allowed', 'accountId'],
  ["another subtree's trunk through one's own provider", R1, 'GET', '/accounts/p2/trunks/t4',
    undefined,
    404, 'trunk_not_found', 'trunkId'],
  ['deleted while a rate group routes over it', A, 'DELETE', '/accounts/p1/trunks/t1', undefined,
    409, 'trunk_in_use', 'trunkId'],
];

const RATE_GROUPS_AND_SETTINGS: Refusal[] = [
  ['markup past 1000', A, 'POST', '/accounts/op/rate-groups', group({ markupPercent: '1000.0001' }),
    400, 'invalid_value', 'markupPercent'],
  ['markup negative', A, 'POST', '/accounts/op/rate-groups', group({ markupPercent: '-1' }),
    400, 'invalid_value', 'markupPercent'],
  ['markup with an exponent', A, 'POST', '/accounts/op/rate-groups',
    group({ markupPercent: '1e2' }),
    400, 'invalid_value', 'markupPercent'],
  ['markup with 5 decimals', A, 'PATCH', '/accounts/op/rate-groups/rg-op',
    { markupPercent: '12.34561' },
    400, 'invalid_value', 'markupPercent'],
  ['markup as a JSON number', A, 'PATCH', '/accounts/op/rate-groups/rg-op', { markupPercent: 20 },
    400, 'invalid_type', 'markupPercent'],
  ['timezone that does not exist', A, 'PATCH', '/accounts/op/rate-groups/rg-op',
    { timezone: 'Mars/Olympus' }, 400, 'invalid_value', 'timezone'],
  ['increment past an hour', A, 'PATCH', '/accounts/op/rate-groups/rg-op',
    { defaultIncrementSeconds: 3601 },
    400, 'invalid_value', 'defaultIncrementSeconds'],
  ['no billed hangup cause', A, 'POST', '/accounts/op/rate-groups',
    group({ billing: { duration: 'billsec', minimumBillableSeconds: 0, billedHangupCauses: [] } }),
    400, 'invalid_value', 'billing.billedHangupCauses'],
  ['the same trunk twice', A, 'POST', '/accounts/op/rate-groups',
    group({ trunkIds: ['t1', 't2', 't1'] }),
    400, 'invalid_value', 'trunkIds.2'],
  ['a trunk that does not exist', A, 'POST', '/accounts/op/rate-groups',
    group({ trunkIds: ['t1', 'nope'] }),
    404, 'trunk_not_found', 'trunkIds.1'],
  ["a reseller names its parent's trunk", R1, 'POST', '/accounts/r1/rate-groups',
    group({ trunkIds: ['t1'] }),
    404, 'trunk_not_found', 'trunkIds.0'],
  ["another subtree's trunk (admin)", A, 'POST', '/accounts/r1/rate-groups',
    group({ trunkIds: ['t4'] }),
    422, 'trunk_not_usable', 'trunkIds.0'],
  ["another subtree's trunk (change)", A, 'PATCH', '/accounts/r1a/rate-groups/rg-r1a',
    { trunkIds: ['t3', 't1'] },
    422, 'trunk_not_usable', 'trunkIds.1'],
  ["another account's group", A, 'GET', '/accounts/op/rate-groups/rg-r1', undefined,
    404, 'rate_group_not_found', 'rateGroupId'],
  ['deleted while accounts use it', A, 'DELETE', '/accounts/r2/rate-groups/rg-r2', undefined,
    409, 'rate_group_in_use', 'rateGroupId'],
  ["a deck on another account's group", A, 'POST', '/accounts/r1/rate-groups/rg-r2/imports',
    { format: 'tollgate', deckKind: 'origination' },
    404, 'rate_group_not_found', 'rateGroupId'],
  ['a termination deck for a trunk not in the group', A, 'POST',
    '/accounts/op/rate-groups/rg-op/imports',
    { format: 'tollgate', deckKind: 'termination', trunkId: 't-sos' },
    422, 'trunk_not_in_rate_group', 'trunkId'],
  ['an origination deck naming a trunk', A, 'POST', '/accounts/op/rate-groups/rg-op/imports',
    { format: 'tollgate', deckKind: 'origination', trunkId: 't1' },
    422, 'trunk_id_mismatch', 'trunkId'],
  ['emergency trunk that does not exist', A, 'PUT', '/settings/emergency', { trunkId: 'nope' },
    404, 'trunk_not_found', 'trunkId'],
  ['emergency country in lower case', A, 'PUT', '/settings/emergency',
    { trunkId: 't-sos', numbersByCountry: { us: ['911'] } },
    400, 'invalid_value', 'numbersByCountry.us'],
  ['emergency list empty', A, 'PUT', '/settings/emergency',
    { trunkId: 't-sos', numbersByCountry: { US: [] } },
    400, 'invalid_value', 'numbersByCountry.US'],
  ['emergency number with +', A, 'PUT', '/settings/emergency',
    { trunkId: 't-sos', numbersByCountry: { US: ['+911'] } },
    400, 'invalid_value', 'numbersByCountry.US.0'],
  ['emergency set by a reseller', R1, 'PUT', '/settings/emergency', { trunkId: 't-sos' },
    403, 'forbidden', null],
  ['currency code in lower case', A, 'PUT', '/currencies/eur', { rateToBase: '1.1' },
    400, 'invalid_value', 'code'],
  ['currency rate 0', A, 'PUT', '/currencies/JPY', { rateToBase: '0' },
    400, 'invalid_value', 'rateToBase'],
  ['currency rate with 10 decimals', A, 'PUT', '/currencies/JPY', { rateToBase: '0.0066666666' },
    400, 'invalid_value', 'rateToBase'],
];

describe.each([
  ['accounts', ACCOUNTS],
  ['devices', DEVICES],
  ['ip acls and caller ids', ACLS_AND_CALLER_IDS],
  ['trunks', TRUNKS],
  ['rate groups, settings, currencies', RATE_GROUPS_AND_SETTINGS],
])('refused: %s', (_kind, rows) => {
  it.each(rows)('%s', async (_name, who, method, path, body, status, code, field) => {
    const before = await newestAudit();
    const response = await send(who, method, path, body);
    expect(response.status, response.text).toBe(status);
    expect(response.json.error).toMatchObject({ code, field });
    expect(await newestAudit()).toBe(before);
  });
});

describe('sound edge values and real conflicts', () => {
  it('nests resellers to the deepest level, then names the limit on parentId', async () => {
    let parent = 'r1a';
    for (let depth = 4; depth <= MAX_TREE_DEPTH; depth += 1) {
      const id = `deep${depth}`;
      const made = await send(A, 'POST', '/accounts', {
        ...customer(id, { parentId: parent, type: 'reseller' }),
      });
      expect(made.status, made.text).toBe(201);
      parent = id;
    }
    const bottom = await send(A, 'GET', `/accounts/${parent}`);
    expect(bottom.json.path.split('/').filter(Boolean)).toHaveLength(MAX_TREE_DEPTH);
    const refused = await send(A, 'POST', '/accounts', customer('deepest', { parentId: parent }));
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ code: 'tree_too_deep', field: 'parentId' });
    expect(refused.json.error.message).toContain(String(MAX_TREE_DEPTH));
  });

  it('accepts expiry, credit and call-length bounds exactly at their limits', async () => {
    const made = await send(A, 'POST', '/accounts', {
      ...customer('edge1', { mode: 'postpaid' }),
      expiresAtEpochMs: 1_000_000_000_000,
      creditLimitMicros: Number.MAX_SAFE_INTEGER,
      maxCallSeconds: 86_400,
      currency: 'EUR',
    });
    expect(made.status, made.text).toBe(201);
    const balance = await send(A, 'GET', '/accounts/edge1/balance');
    const limit = Number.MAX_SAFE_INTEGER;
    expect(balance.json).toMatchObject({ currency: 'EUR', availableMicros: limit });
    const cleared = await send(A, 'PATCH', '/accounts/edge1', { expiresAtEpochMs: null });
    expect(cleared.status).toBe(200);
    expect(cleared.json).not.toHaveProperty('expiresAtEpochMs');
    for (const status of ['suspended', 'active']) {
      const changed = await send(A, 'PATCH', '/accounts/edge1', { status });
      expect(changed.json.status).toBe(status);
    }
    const rules = { translationRules: '"0044/44","011/"', blockedPrefixes: ['1900', '44909'] };
    expect((await send(A, 'PATCH', '/accounts/edge1', rules)).json).toMatchObject(rules);
  });

  it('keeps a realm to one device of a user: freed by a delete, then claimable', async () => {
    const realms = ['a.audit', 'shared.audit'];
    const first = device({ id: 'realm-a', username: '6000', domain: 'a.audit', realms });
    expect((await send(A, 'POST', '/accounts/c2/devices', first)).status).toBe(201);
    const second = device({ id: 'realm-b', username: '6000', domain: 'b.audit' });
    expect((await send(A, 'POST', '/accounts/c4/devices', second)).status).toBe(201);
    const path = '/accounts/c4/devices/realm-b';
    const change = { realms: ['b.audit', 'shared.audit'], password: 'long-enough' };
    const refused = await send(A, 'PATCH', path, change);
    expect(refused.json.error).toMatchObject({ code: 'duplicate_realms', field: 'realms.1' });
    const otherUser = device({ id: 'realm-c', username: '6001', domain: 'shared.audit' });
    expect((await send(A, 'POST', '/accounts/c4/devices', otherUser)).status).toBe(201);
    expect((await send(A, 'DELETE', '/accounts/c2/devices/realm-a')).status).toBe(200);
    const now = await send(A, 'PATCH', path, change);
    expect(now.status, now.text).toBe(200);
    expect(now.json.realms).toEqual(['b.audit', 'shared.audit']);
  });

  it('lets networks overlap across accounts, and /0 only behind a tech prefix', async () => {
    const acl = (accountId: string, body: Record<string, unknown>) =>
      send(A, 'POST', `/accounts/${accountId}/ip-acls`, body);
    expect((await acl('c1', { id: 'wide', cidr: '10.200.0.0/16' })).status).toBe(201);
    expect((await acl('c2', { id: 'narrow', cidr: '10.200.1.0/24' })).status).toBe(201);
    const v6 = await acl('c3', { id: 'v6', cidr: '2001:DB8:77:0::/48' });
    expect(v6.json.cidr).toBe('2001:db8:77::/48');
    const again = await acl('c1', { id: 'v6-again', cidr: '2001:db8:0077::/48' });
    expect(again.json.error).toMatchObject({ code: 'duplicate_cidr', field: 'cidr' });
    const prefixed = await acl('c1', { id: 'v6-tp', cidr: '2001:db8:77::/48', techPrefix: '77#' });
    expect(prefixed.status).toBe(201);
    const anyone = await acl('c1', { id: 'pin', cidr: '0.0.0.0/0', techPrefix: '4711#' });
    expect(anyone.status, anyone.text).toBe(201);
    const bare = await send(A, 'PATCH', '/accounts/c1/ip-acls/pin', { techPrefix: null });
    expect(bare.json.error).toMatchObject({ code: 'cidr_matches_every_address', field: 'cidr' });
  });

  it('takes IPv6 and named gateways in failover order, registration with its user', async () => {
    const gateways = [
      { host: '[2001:db8::9]', port: 5080, transport: 'tls' },
      { host: 'sip.carrier.example', register: true, username: 'acct-77' },
      { host: '198.51.100.99' },
    ];
    const body = trunk(gateways, { ringTimeoutSeconds: 300 });
    const made = await send(A, 'POST', '/accounts/p1/trunks', body);
    expect(made.status, made.text).toBe(201);
    const dialled = (g: { host: string; port: number }) => `${g.host}:${g.port}`;
    const order = made.json.gateways.map(dialled);
    expect(order).toEqual([
      '[2001:db8::9]:5080',
      'sip.carrier.example:5060',
      '198.51.100.99:5060',
    ]);
  });

  it('frees a trunk for deletion once no rate group routes over it', async () => {
    const spare = trunk([{ host: '198.51.100.77' }], { id: 'spare' });
    expect((await send(A, 'POST', '/accounts/p1/trunks', spare)).status).toBe(201);
    const routed = group({ id: 'g-spare', trunkIds: ['spare'] });
    const made = await send(A, 'POST', '/accounts/op/rate-groups', routed);
    expect(made.status, made.text).toBe(201);
    const refused = await send(A, 'DELETE', '/accounts/p1/trunks/spare');
    expect(refused.json.error).toMatchObject({ code: 'trunk_in_use', field: 'trunkId' });
    expect(refused.json.error.message).toContain('g-spare');
    await send(A, 'PATCH', '/accounts/op/rate-groups/g-spare', { trunkIds: [] });
    expect((await send(A, 'DELETE', '/accounts/p1/trunks/spare')).status).toBe(200);
  });

  it('frees a rate group for deletion once no account below uses it', async () => {
    const created = await send(A, 'POST', '/accounts/r2/rate-groups', group({ id: 'g-r2' }));
    expect(created.status).toBe(201);
    const priced = customer('priced', { parentId: 'r2', rateGroupId: 'g-r2' });
    const made = await send(A, 'POST', '/accounts', priced);
    expect(made.status, made.text).toBe(201);
    const refused = await send(A, 'DELETE', '/accounts/r2/rate-groups/g-r2');
    expect(refused.json.error).toMatchObject({ code: 'rate_group_in_use', field: 'rateGroupId' });
    await send(A, 'PATCH', '/accounts/priced', { rateGroupId: null });
    expect((await send(A, 'DELETE', '/accounts/r2/rate-groups/g-r2')).status).toBe(200);
  });

  it('stores a markup as one canonical decimal at its bounds', async () => {
    const cases: [string, string, number][] = [
      [' 12.50 ', '12.5', 125_000],
      ['-0', '0', 0],
      ['1000', '1000', 10_000_000],
      ['0.0001', '0.0001', 1],
      ['7.000000', '7', 70_000],
    ];
    for (const [index, [given, stored, units]] of cases.entries()) {
      const body = group({ id: `mk${index}`, markupPercent: given });
      const made = await send(A, 'POST', '/accounts/op/rate-groups', body);
      expect(made.status, made.text).toBe(201);
      expect(made.json).toMatchObject({ markupPercent: stored, markupUnits: units });
    }
  });

  it('names the kind in a 404 without saying whose it is', async () => {
    const response = await send(A, 'GET', '/accounts/op/ip-acls/acl-c1');
    expect(response.json.error).toMatchObject({ code: 'ip_acl_not_found', field: 'ipAclId' });
    expect(response.json.error.message).toBe('no such ip acl on this account');
    expect(response.text).not.toContain('c1');
  });
});
