// Proves the data-model routes over real HTTP on DynamoDB Local: bad input on every entity (unknown fields, wrong types, bad CIDR, duplicates, another subtree's ids) is a 4xx naming the field with nothing written (the newest audit entry is unchanged), and the writes that pass keep HA1 only, move the ledger's credit limit, close softly and are audited per subtree.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let admin: string;
let reseller1: string;
let reseller2: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin');
  reseller1 = await api.login('reseller1');
  reseller2 = await api.login('reseller2');
});
afterAll(() => api.close());

const as = (token: string) => ({
  get: (path: string) => api.request('GET', path, { token }),
  send: (method: string, path: string, body: unknown) => api.request(method, path, { token, body }),
});

async function newestAudit(): Promise<string> {
  const page = await as(admin).get('/accounts/op/audit?limit=1');
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
  timezone: 'Europe/Paris',
  country: 'FR',
  ...extra,
});

/** [description, caller, method, path, body, status, code, field] */
type Bad = [string, () => string, string, string, unknown, number, string, string | null];
const BAD: Bad[] = [
  [
    'account: unknown field',
    () => admin,
    'POST',
    '/accounts',
    { ...customer('x1'), colour: 'red' },
    400,
    'unknown_field',
    'colour',
  ],
  [
    'account: wrong type',
    () => admin,
    'POST',
    '/accounts',
    customer('x1', { maxChannels: '10' }),
    400,
    'invalid_type',
    'maxChannels',
  ],
  [
    'account: bad timezone',
    () => admin,
    'POST',
    '/accounts',
    customer('x1', { timezone: 'Mars/Olympus' }),
    400,
    'invalid_value',
    'timezone',
  ],
  [
    'account: bad translation rules',
    () => admin,
    'POST',
    '/accounts',
    customer('x1', { translationRules: '0044/44' }),
    400,
    'invalid_value',
    'translationRules',
  ],
  [
    'account: duplicate number',
    () => admin,
    'POST',
    '/accounts',
    customer('x1', { number: '100004' }),
    409,
    'duplicate_account_number',
    'number',
  ],
  [
    'account: duplicate id',
    () => admin,
    'POST',
    '/accounts',
    customer('c1', { number: 'N-new' }),
    409,
    'account_exists',
    'accountId',
  ],
  [
    'account: unknown currency',
    () => admin,
    'POST',
    '/accounts',
    customer('x1', { currency: 'XAU' }),
    422,
    'unknown_currency',
    'currency',
  ],
  [
    'account: under a customer',
    () => admin,
    'POST',
    '/accounts',
    customer('x1', { parentId: 'c1' }),
    422,
    'parent_cannot_have_children',
    'parentId',
  ],
  [
    'account: parent in another subtree',
    () => reseller1,
    'POST',
    '/accounts',
    customer('x1', { parentId: 'r2' }),
    404,
    'account_not_found',
    'parentId',
  ],
  [
    'account: rate group of another subtree',
    () => reseller1,
    'POST',
    '/accounts',
    customer('x1', { rateGroupId: 'rg-r2' }),
    404,
    'rate_group_not_found',
    'rateGroupId',
  ],
  [
    'account: rate group not above it',
    () => admin,
    'POST',
    '/accounts',
    customer('x1', { rateGroupId: 'rg-r1a' }),
    422,
    'rate_group_not_usable',
    'rateGroupId',
  ],
  [
    'account change: unknown field',
    () => admin,
    'PATCH',
    '/accounts/c1',
    { parentId: 'r2' },
    400,
    'unknown_field',
    'parentId',
  ],
  [
    'account change: negative limit',
    () => admin,
    'PATCH',
    '/accounts/c2',
    { creditLimitMicros: -1 },
    400,
    'invalid_value',
    'creditLimitMicros',
  ],
  [
    'device: unknown field',
    () => admin,
    'POST',
    '/accounts/c1/devices',
    { id: 'd1', username: 'u1', domain: 'd.test', password: 'long-enough', ha1: 'x' },
    400,
    'unknown_field',
    'ha1',
  ],
  [
    'device: wrong type',
    () => admin,
    'POST',
    '/accounts/c1/devices',
    { id: 'd1', username: 1001, domain: 'd.test', password: 'long-enough' },
    400,
    'invalid_type',
    'username',
  ],
  [
    'device: short password',
    () => admin,
    'POST',
    '/accounts/c1/devices',
    { id: 'd1', username: 'u1', domain: 'd.test', password: '1234' },
    400,
    'invalid_value',
    'password',
  ],
  [
    'device: duplicate user in domain',
    () => admin,
    'POST',
    '/accounts/c2/devices',
    { id: 'd1', username: '1001', domain: 'cgrates.org', password: 'long-enough' },
    409,
    'duplicate_username',
    'username',
  ],
  [
    'device: on another subtree',
    () => reseller1,
    'POST',
    '/accounts/c4/devices',
    { id: 'd1', username: 'u1', domain: 'd.test', password: 'long-enough' },
    404,
    'account_not_found',
    'accountId',
  ],
  [
    "device: another account's id",
    () => admin,
    'GET',
    '/accounts/c3/devices/1015-cgrates-org',
    undefined,
    404,
    'device_not_found',
    'deviceId',
  ],
  [
    'device: rename without password',
    () => admin,
    'PATCH',
    '/accounts/c1/devices/1001-cgrates-org',
    { username: '1001b' },
    422,
    'password_required',
    'password',
  ],
  [
    'ip acl: bad CIDR',
    () => admin,
    'POST',
    '/accounts/c1/ip-acls',
    { id: 'a1', cidr: '10.0.0.300/32' },
    400,
    'invalid_value',
    'cidr',
  ],
  [
    'ip acl: host bits set',
    () => admin,
    'POST',
    '/accounts/c1/ip-acls',
    { id: 'a1', cidr: '10.1.2.3/8' },
    400,
    'invalid_value',
    'cidr',
  ],
  [
    'ip acl: prefix too long',
    () => admin,
    'POST',
    '/accounts/c1/ip-acls',
    { id: 'a1', cidr: '2001:db8::/129' },
    400,
    'invalid_value',
    'cidr',
  ],
  [
    'ip acl: duplicate block',
    () => admin,
    'POST',
    '/accounts/c4/ip-acls',
    { id: 'a1', cidr: '10.10.10.100' },
    409,
    'duplicate_cidr',
    'cidr',
  ],
  [
    'ip acl: wrong type',
    () => admin,
    'POST',
    '/accounts/c1/ip-acls',
    { id: 'a1', cidr: ['10.0.0.0/8'] },
    400,
    'invalid_type',
    'cidr',
  ],
  [
    'caller id: no access number',
    () => admin,
    'POST',
    '/accounts/c1/caller-ids',
    { id: 'k1', callerIdNumber: '15550000001', accessNumbers: [] },
    400,
    'invalid_value',
    'accessNumbers',
  ],
  [
    'caller id: duplicate',
    () => admin,
    'POST',
    '/accounts/c2/caller-ids',
    { id: 'k1', callerIdNumber: '+15551230001', accessNumbers: ['1800'] },
    409,
    'duplicate_caller_id_number',
    'callerIdNumber',
  ],
  [
    'caller id: unknown field',
    () => admin,
    'POST',
    '/accounts/c1/caller-ids',
    { id: 'k1', callerIdNumber: '15550000001', accessNumbers: ['1800'], pin: '1' },
    400,
    'unknown_field',
    'pin',
  ],
  [
    'trunk: on a customer',
    () => admin,
    'POST',
    '/accounts/c1/trunks',
    { id: 't9', name: 'x', gateways: [{ host: '192.0.2.9' }] },
    422,
    'owner_type_not_allowed',
    'accountId',
  ],
  [
    'trunk: bad port',
    () => admin,
    'POST',
    '/accounts/p1/trunks',
    { id: 't9', name: 'x', gateways: [{ host: '192.0.2.9', port: 70000 }] },
    400,
    'invalid_value',
    'gateways.0.port',
  ],
  [
    'trunk: unknown gateway field',
    () => admin,
    'POST',
    '/accounts/p1/trunks',
    { id: 't9', name: 'x', gateways: [{ host: '192.0.2.9', secret: 's' }] },
    400,
    'unknown_field',
    'gateways.0.secret',
  ],
  [
    'trunk: no gateway',
    () => admin,
    'POST',
    '/accounts/p1/trunks',
    { id: 't9', name: 'x', gateways: [] },
    400,
    'invalid_value',
    'gateways',
  ],
  [
    'trunk: duplicate id',
    () => admin,
    'POST',
    '/accounts/p1/trunks',
    { id: 't1', name: 'x', gateways: [{ host: '192.0.2.9' }] },
    409,
    'trunk_exists',
    'id',
  ],
  [
    "rate group: another subtree's trunk",
    () => reseller1,
    'POST',
    '/accounts/r1/rate-groups',
    { id: 'g9', name: 'x', trunkIds: ['t3', 't4'] },
    404,
    'trunk_not_found',
    'trunkIds.1',
  ],
  [
    'rate group: markup too precise',
    () => admin,
    'POST',
    '/accounts/op/rate-groups',
    { id: 'g9', name: 'x', markupPercent: '1.23456' },
    400,
    'invalid_value',
    'markupPercent',
  ],
  [
    'rate group: on a customer',
    () => admin,
    'POST',
    '/accounts/c1/rate-groups',
    { id: 'g9', name: 'x' },
    422,
    'owner_type_not_allowed',
    'accountId',
  ],
  [
    'currency: bad rate',
    () => admin,
    'PUT',
    '/currencies/JPY',
    { rateToBase: '-1' },
    400,
    'invalid_value',
    'rateToBase',
  ],
  [
    'currency: bad code',
    () => admin,
    'PUT',
    '/currencies/yen',
    { rateToBase: '0.0067' },
    400,
    'invalid_value',
    'code',
  ],
  [
    'currency: the base',
    () => admin,
    'PUT',
    '/currencies/USD',
    { rateToBase: '1' },
    422,
    'base_currency_rate_is_one',
    'code',
  ],
];

describe('bad input', () => {
  it.each(BAD)('%s', async (_name, token, method, path, body, status, code, field) => {
    const before = await newestAudit();
    const response = await as(token()).send(method, path, body);
    expect(response.status, response.text).toBe(status);
    expect(response.json.error).toMatchObject({ code, field });
    expect(await newestAudit()).toBe(before);
  });
});

describe('writes', () => {
  it('creates an account with its balance, at any depth, and audits it for each ancestor', async () => {
    const created = await as(reseller1).send('POST', '/accounts', {
      ...customer('deep1', { parentId: 'r1a' }),
      type: 'reseller',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      path: '/op/r1/r1a/deep1/',
      maxCallSeconds: 10_800,
      status: 'active',
    });
    expect((await as(admin).get('/accounts/deep1/balance')).json.balanceMicros).toBe(0);
    const mine = await as(reseller1).get('/accounts/r1/audit?limit=5');
    expect(mine.json.entries[0]).toMatchObject({
      action: 'create',
      entityId: 'deep1',
      actor: 'user:reseller1',
    });
    const theirs = await as(reseller2).get('/accounts/r2/audit?limit=50');
    expect(theirs.json.entries.map((entry: { entityId: string }) => entry.entityId)).not.toContain(
      'deep1',
    );
  });

  it('stores a device password as HA1 per realm only', async () => {
    const body = {
      id: 'ha1dev',
      username: '4242',
      domain: 'Sip.Example',
      password: 'correct horse',
      realms: ['sip.example', 'edge.example'],
    };
    const created = await as(admin).send('POST', '/accounts/c1/devices', body);
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain('correct horse');
    expect(created.json).not.toHaveProperty('ha1ByRealm');
    const stored = await api.deps.config.get<{ ha1ByRealm: Record<string, string> }>(
      'device',
      'ha1dev',
    );
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    expect(stored?.data.ha1ByRealm).toEqual({
      'sip.example': md5('4242:sip.example:correct horse'),
      'edge.example': md5('4242:edge.example:correct horse'),
    });
    expect(JSON.stringify(stored)).not.toContain('correct horse');
    const audit = await as(admin).get('/accounts/c1/audit?limit=1');
    expect(audit.json.entries[0].after.ha1ByRealm).toBe('[secret]');
  });

  it('moves the ledger credit limit with the profile, and records before/after', async () => {
    const before = (await as(admin).get('/accounts/c2/balance')).json;
    const changed = await as(admin).send('PATCH', '/accounts/c2', {
      creditLimitMicros: before.creditLimitMicros + 7_000_000,
    });
    expect(changed.status, changed.text).toBe(200);
    const after = (await as(admin).get('/accounts/c2/balance')).json;
    expect(after.availableMicros - before.availableMicros).toBe(7_000_000);
    const entry = (await as(admin).get('/accounts/c2/audit?limit=1')).json.entries[0];
    expect(entry.after.creditLimitMicros - entry.before.creditLimitMicros).toBe(7_000_000);
  });

  it('closes softly: a reseller with open accounts below cannot close, a closed account stays closed', async () => {
    const refused = await as(admin).send('PATCH', '/accounts/r2', { status: 'closed' });
    expect(refused.json.error).toMatchObject({
      code: 'account_has_open_children',
      field: 'status',
    });
    expect((await as(admin).send('PATCH', '/accounts/c4', { status: 'closed' })).status).toBe(200);
    expect((await as(admin).get('/accounts/c4/balance')).status).toBe(200);
    const again = await as(admin).send('PATCH', '/accounts/c4', { status: 'active' });
    expect(again.json.error).toMatchObject({ code: 'account_closed', field: 'status' });
    const device = await as(admin).send('POST', '/accounts/c4/devices', {
      id: 'late',
      username: 'late',
      domain: 'd.test',
      password: 'long-enough',
    });
    expect(device.json.error).toMatchObject({ code: 'account_closed' });
  });

  it('keeps every currency rate in the history', async () => {
    await as(admin).send('PUT', '/currencies/CHF', { rateToBase: '1.1' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await as(admin).send('PUT', '/currencies/CHF', { rateToBase: '1.12' });
    const history = await as(reseller1).get('/currencies/CHF/history');
    expect(history.json.history.map((entry: { rateToBase: string }) => entry.rateToBase)).toEqual([
      '1.1',
      '1.12',
    ]);
    const list = await as(reseller1).get('/currencies');
    expect(list.json.base).toBe('USD');
  });

  it('lists a subtree of devices from the index and pages through it', async () => {
    const first = await as(reseller1).get('/accounts/r1/devices?subtree=true&limit=40');
    expect(first.json.items).toHaveLength(40);
    const second = await as(reseller1).get(
      `/accounts/r1/devices?subtree=true&limit=100&cursor=${first.json.nextCursor}`,
    );
    const ids = [...first.json.items, ...second.json.items].map(
      (item: { accountId: string }) => item.accountId,
    );
    expect(new Set(ids)).toEqual(new Set(['c1', 'c2', 'c3']));
  });

  it('exports a subtree as CSV through a download URL, page by page', async () => {
    const devices = await as(reseller1).send('POST', '/accounts/r1/exports', { kind: 'devices' });
    expect(devices.status, devices.text).toBe(200);
    const csv = await (await fetch(devices.json.download.url)).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,accountId,username,domain,realms,callerIdName,callerIdNumber,status,revision',
    );
    expect(lines).toHaveLength(devices.json.rows + 1);
    expect(csv).not.toContain(',c4,');
    const everything = await as(admin).send('POST', '/accounts/op/exports', { kind: 'devices' });
    expect(everything.json.rows).toBeGreaterThan(PAGE_SIZE);
    expect(
      (await (await fetch(everything.json.download.url)).text()).trimEnd().split('\r\n'),
    ).toHaveLength(everything.json.rows + 1);
    const accounts = await as(admin).send('POST', '/accounts/op/exports', { kind: 'accounts' });
    expect(await (await fetch(accounts.json.download.url)).text()).toContain(
      'r1a,100003,reseller,r1,Sub-reseller One-A',
    );
  });
});

const PAGE_SIZE = 100;
