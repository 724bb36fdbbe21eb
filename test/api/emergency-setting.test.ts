// Proves the operator's emergency setting through the real API (DynamoDB Local): the demo seed
// sets it; bad input is a 4xx naming the field; an admin's change is a new revision with its
// audit entry; the edge snapshot carries it with its trunk (even one no rate group routes over);
// its trunk cannot be deleted while the setting names it (409 trunk_in_use).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotResponseSchema } from '../../core/snapshot/snapshot';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let admin: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.login('admin');
});
afterAll(async () => {
  await api?.close();
});

const put = (body: unknown, token = admin) =>
  api.request('PUT', '/settings/emergency', { token, body });

async function snapshot() {
  const response = await api.request('GET', '/edge/snapshot', { apiKey: api.seed.edgeApiKey });
  expect(response.status, response.text).toBe(200);
  return snapshotResponseSchema.parse(response.json).content;
}

describe('the emergency setting', () => {
  it('is seeded by the demo and readable by the operator staff', async () => {
    const read = await api.request('GET', '/settings/emergency', {
      token: await api.login('auditor'),
    });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({
      trunkId: 't-sos',
      numbersByCountry: { US: ['911', '112', '999'] },
      revision: 1,
    });
    expect(read.json.defaultNumbersByCountry.GB).toEqual(['999', '112']);
  });

  const t1 = (numbersByCountry: Record<string, string[]>) => ({ trunkId: 't1', numbersByCountry });
  it.each([
    ['no trunk', { numbersByCountry: { US: ['911'] } }, 400, 'missing_field', 'trunkId'],
    ['unknown trunk', { trunkId: 'nope' }, 404, 'trunk_not_found', 'trunkId'],
    ['bad trunk id', { trunkId: 'a b' }, 400, 'invalid_value', 'trunkId'],
    ['country not ISO', t1({ usa: ['911'] }), 400, 'invalid_value', 'numbersByCountry.usa'],
    ['a letter', t1({ US: ['91a'] }), 400, 'invalid_value', 'numbersByCountry.US.0'],
    ['an empty list', t1({ GB: [] }), 400, 'invalid_value', 'numbersByCountry.GB'],
    ['an unknown field', { trunkId: 't1', trunk: 't1' }, 400, 'unknown_field', 'trunk'],
  ])('refuses %s, naming the field', async (_name, body, status, code, field) => {
    const response = await put(body);
    expect(response.status, response.text).toBe(status);
    expect(response.json).toMatchObject({ error: { code, field } });
  });

  it('is written by the admin only; a change is a new revision, audited', async () => {
    const refused = await put({ trunkId: 't1' }, await api.login('auditor'));
    expect(refused.status).toBe(403);
    const set = await put({ trunkId: 't2', numbersByCountry: { GB: ['999'], AU: ['000'] } });
    expect(set.status, set.text).toBe(200);
    expect(set.json).toMatchObject({ trunkId: 't2', revision: 2 });
    const audit = await api.request('GET', '/accounts/op/audit', { token: admin });
    const entry = audit.json.entries.find(
      (e: { entity: string; action: string }) => e.entity === 'setting' && e.action === 'update',
    );
    expect(entry).toMatchObject({
      entityId: 'emergency',
      actor: 'user:admin',
      before: { trunkId: 't-sos' },
      after: { trunkId: 't2', numbersByCountry: { GB: ['999'], AU: ['000'] } },
    });
  });

  it('reaches the edge snapshot with its trunk, which no rate group routes over', async () => {
    const created = await api.request('POST', '/accounts/p1/trunks', {
      token: admin,
      body: { id: 'sos-2', name: 'PSAP', gateways: [{ host: '192.0.2.112' }] },
    });
    expect(created.status, created.text).toBe(201);
    const setting = { trunkId: 'sos-2', numbersByCountry: { US: ['911', '112'] } };
    expect((await put(setting)).status).toBe(200);
    const content = await snapshot();
    expect(content.emergency).toEqual(setting);
    expect(content.rateGroups.some((group) => group.trunkIds.includes('sos-2'))).toBe(false);
    expect(content.trunks.find((trunk) => trunk.id === 'sos-2')).toMatchObject({
      accountId: 'p1',
      gateways: [{ host: '192.0.2.112', port: 5060, transport: 'udp' }],
    });
  });

  it('keeps its trunk: deleting it is refused until the setting names another', async () => {
    const refused = await api.request('DELETE', '/accounts/p1/trunks/sos-2', { token: admin });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json).toMatchObject({ error: { code: 'trunk_in_use', field: 'trunkId' } });
    expect((await snapshot()).emergency).toMatchObject({ trunkId: 'sos-2' });
    expect((await put({ trunkId: 't-sos' })).status).toBe(200);
    const deleted = await api.request('DELETE', '/accounts/p1/trunks/sos-2', { token: admin });
    expect(deleted.status, deleted.text).toBe(200);
    const content = await snapshot();
    expect(content.emergency).toMatchObject({ trunkId: 't-sos' });
    expect(content.trunks.map((trunk) => trunk.id)).not.toContain('sos-2');
  });
});
