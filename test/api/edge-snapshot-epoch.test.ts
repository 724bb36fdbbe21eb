// Proves, on the real API over DynamoDB Local, that an edge polling an unchanged configuration gets 304 without the cloud reading its subtree (and one holding another version gets the kept one, whole or as a delta, also unread, unless that object was lost or altered), and that every configuration write the API offers (accounts, the five entity kinds created, changed and deleted, currency rates, the emergency setting, a deck version published) makes the next poll read the subtree again; a build right after a write is not trusted as current (the indexes may lag in AWS).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyDelta, snapshotDeltaResponseSchema } from '../../core/snapshot/delta';
import { deckHashesOf, versionedJson, type SnapshotContent } from '../../core/snapshot/snapshot';
import { snapshotObjectKey } from '../../functions/api/config/snapshot-delta';
import { startTestApi, type TestApi } from '../support/api';
import { letIndexesSettle } from '../support/settled-epoch';
import { CONFIG_REQUESTS, CONFIG_TARGETS } from './harness-config';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api?.close();
});

/** Each poll that builds reads the subtree's accounts first: this counts builds. */
function countBuilds(): () => number {
  const list = vi.spyOn(api.deps.accounts, 'list');
  const before = list.mock.calls.length;
  return () => list.mock.calls.length - before;
}

const poll = (held?: string) =>
  api.request('GET', '/edge/snapshot', {
    apiKey: api.seed.edgeApiKey,
    ...(held ? { headers: { 'if-none-match': `"${held}"` } } : {}),
  });

/** Settles, builds once (recorded), and checks that the held version now answers 304 unbuilt. */
async function currentVersion(): Promise<string> {
  await letIndexesSettle(api.dynamo.documents, api.dynamo.names.config);
  const whole = await poll();
  expect(whole.status, whole.text).toBe(200);
  const version = String(whole.json.version);
  const builds = countBuilds();
  const again = await poll(version);
  expect(again.status).toBe(304);
  expect(again.headers.get('etag')).toBe(`"${version}"`);
  expect(builds()).toBe(0);
  return version;
}

describe('GET /edge/snapshot and the configuration epoch', () => {
  it('answers an unchanged edge 304 and a stale one the kept version, reading the subtree for neither', async () => {
    const version = await currentVersion();
    const built = (await poll()).json.content;
    const builds = countBuilds();
    const stale = await poll('0'.repeat(64));
    expect(stale.status).toBe(200);
    expect(stale.json.version).toBe(version);
    expect(stale.json.content).toEqual(built);
    expect(stale.json.decks.map((deck: { hash: string }) => deck.hash).sort()).toEqual(deckHashesOf(built));
    const fresh = await poll();
    expect(fresh.json.version).toBe(version);
    expect(builds()).toBe(0);
  });

  it('answers a delta from the kept version without reading the subtree', async () => {
    const before = (await poll()).json as { version: string; content: SnapshotContent };
    const changed = await api.request('PATCH', '/accounts/c2', { token, body: { maxChannels: 23 } });
    expect(changed.status, changed.text).toBe(200);
    const version = await currentVersion();
    const builds = countBuilds();
    const answer = await api.request('GET', `/edge/snapshot?since=${before.version}`, {
      apiKey: api.seed.edgeApiKey,
      headers: { 'if-none-match': `"${before.version}"` },
    });
    expect(answer.status, answer.text).toBe(200);
    const { delta } = snapshotDeltaResponseSchema.parse(answer.json);
    expect(delta.since).toBe(before.version);
    expect(versionedJson(applyDelta(before.content, delta)).version).toBe(version);
    expect(builds()).toBe(0);
  });

  it('builds again when the record does not name every deck\'s object key', async () => {
    await currentVersion();
    const { rootPath } = (await poll()).json.content;
    await api.dynamo.documents.send(
      new UpdateCommand({
        TableName: api.dynamo.names.config,
        Key: { pk: `SNAPSHOT#${rootPath}`, sk: 'BUILT' },
        UpdateExpression: 'SET deckKeys = :none',
        ExpressionAttributeValues: { ':none': {} },
      }),
    );
    const builds = countBuilds();
    const answer = await poll('0'.repeat(64));
    expect(answer.status).toBe(200);
    expect(answer.json.decks.length).toBeGreaterThan(0);
    expect(builds()).toBe(1);
  });

  it('builds again when the kept version is gone or is not what its name says', async () => {
    const version = await currentVersion();
    await api.deps.objects.put(snapshotObjectKey(version), new TextEncoder().encode('{"tampered":true}'), 'application/json');
    const builds = countBuilds();
    const answer = await poll();
    expect(answer.status).toBe(200);
    expect(answer.json.version).toBe(version);
    expect(builds()).toBe(1);
  });

  it('does not trust a build made right after a write, then does once the indexes settled', async () => {
    const before = await currentVersion();
    const changed = await api.request('PATCH', '/accounts/c1', { token, body: { maxChannels: 37 } });
    expect(changed.status, changed.text).toBe(200);
    const after = await poll(before);
    expect(after.status).toBe(200);
    const version = String(after.json.version);
    expect(version).not.toBe(before);
    expect(after.json.content.accounts.find((a: { accountId: string }) => a.accountId === 'c1').maxChannels).toBe(37);
    const builds = countBuilds();
    expect((await poll(version)).status).toBe(304);
    expect((await poll(version)).status).toBe(304);
    expect(builds()).toBe(2);
    await letIndexesSettle(api.dynamo.documents, api.dynamo.names.config);
    await poll(version);
    const settled = countBuilds();
    expect((await poll(version)).status).toBe(304);
    expect(settled()).toBe(0);
  });

  const adminRequest = (method: string, path: string, body?: unknown) =>
    api.request(method, path, { token, body });
  const WRITES = [
    'createAccount',
    'changeAccount',
    'setCurrencyRate',
    'setEmergencySetting',
    'publishDeckImport',
    ...['Device', 'IpAcl', 'CallerId', 'Trunk', 'RateGroup'].flatMap((kind) => [
      `create${kind}`,
      `change${kind}`,
      `delete${kind}`,
    ]),
  ];
  it.each(WRITES)('%s makes the next poll read the subtree again', async (operationId) => {
    const builder = CONFIG_REQUESTS(adminRequest)[operationId]!;
    // Built before the version is made current: a builder may write what its call needs.
    const call = await builder(CONFIG_TARGETS[operationId]?.admin?.own ?? 'c3', 'r1');
    const held = await currentVersion();
    const written = await api.request(call.method, call.path, { token, body: call.body });
    expect(written.status, written.text).toBeGreaterThanOrEqual(200);
    expect(written.status, written.text).toBeLessThan(300);
    const builds = countBuilds();
    const next = await poll(held);
    expect(builds()).toBe(1);
    expect([200, 304]).toContain(next.status);
  });
});
