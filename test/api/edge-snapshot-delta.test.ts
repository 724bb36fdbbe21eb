// Proves since-version snapshot deltas on the real API (DynamoDB Local, the local object store) and a real edge sync: after a change to one account, `since=<held>` answers only that account, which rebuilds the new version exactly; an unknown or malformed base is answered whole or refused by name; an edge applies the delta (checked against the version hash) and, given a delta that does not rebuild that version, asks for the whole snapshot instead.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDelta, snapshotDeltaResponseSchema } from '../../core/snapshot/delta';
import { snapshotResponseSchema, versionedJson } from '../../core/snapshot/snapshot';
import { SnapshotSync } from '../../freeswitch-edge/snapshot/sync';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const servers: Server[] = [];
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  for (const server of servers) server.close();
  await api?.close();
});

const snapshot = (query = '') =>
  api.request('GET', `/edge/snapshot${query}`, { apiKey: api.seed.edgeApiKey });

let changes = 0;
/** A configuration change the edge must see: the account's channel limit. */
async function changeLimit(accountId: string): Promise<void> {
  const token = await api.login('admin');
  const answer = await api.request('PATCH', `/accounts/${accountId}`, {
    token,
    body: { maxChannels: 40 + (changes += 1) },
  });
  expect(answer.status, answer.text).toBe(200);
}

/** Forwards to the API; records which answers were deltas; `tamper` edits a delta's account. */
async function recordingCloud(tamper: boolean): Promise<{ url: string; kinds: string[] }> {
  const kinds: string[] = [];
  const server = createServer(async (req, res) => {
    const headers: Record<string, string> = { 'x-api-key': String(req.headers['x-api-key'] ?? '') };
    if (req.headers['if-none-match']) headers['if-none-match'] = String(req.headers['if-none-match']);
    const upstream = await fetch(`${api.baseUrl}${req.url ?? '/'}`, { headers });
    const body = upstream.status === 200 ? ((await upstream.json()) as Record<string, any>) : null;
    kinds.push(body === null ? String(upstream.status) : 'delta' in body ? 'delta' : 'whole');
    if (tamper && body?.delta) body.delta.accounts.upsert[0].maxChannels += 1;
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(body === null ? '' : JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, kinds };
}

function edgeSync(cloudUrl: string, log: string[]): SnapshotSync {
  const dataDir = mkdtempSync(join(tmpdir(), 'snapshot-delta-'));
  const record = (event: string, fields: Record<string, unknown>) =>
    log.push(`${event} ${String(fields.reason ?? fields.error ?? '')}`.trim());
  return new SnapshotSync({
    cloudUrl,
    apiKey: api.seed.edgeApiKey,
    dataDir,
    timeoutMs: 10_000,
    clock: Date.now,
    log: record,
  });
}

describe('GET /edge/snapshot?since=<version>', () => {
  it('answers only what changed, and it rebuilds the new version exactly', async () => {
    const before = snapshotResponseSchema.parse((await snapshot()).json);
    await changeLimit('c1');
    const whole = snapshotResponseSchema.parse((await snapshot()).json);
    expect(whole.version).not.toBe(before.version);
    const answer = await snapshot(`?since=${before.version}`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('etag')).toBe(`"${whole.version}"`);
    const { delta, version } = snapshotDeltaResponseSchema.parse(answer.json);
    expect(version).toBe(whole.version);
    expect(delta.since).toBe(before.version);
    // Only c1's limit moved: one account, nothing else.
    expect(delta.accounts.upsert.map((account) => account.accountId)).toEqual(['c1']);
    expect(delta.accounts.remove).toEqual([]);
    expect(delta.devices.upsert).toEqual([]);
    expect(delta.rateGroups.upsert).toEqual([]);
    expect(answer.text.length).toBeLessThan(JSON.stringify(whole).length / 3);
    const rebuilt = applyDelta(before.content, delta);
    expect(versionedJson(rebuilt).version).toBe(whole.version);
    expect(rebuilt).toEqual(whole.content);
  });

  it('answers the whole content for a version it does not hold, 304 for the current one', async () => {
    const current = snapshotResponseSchema.parse((await snapshot()).json);
    const unknown = await snapshot(`?since=${'0'.repeat(64)}`);
    expect(unknown.status).toBe(200);
    expect(snapshotResponseSchema.parse(unknown.json).version).toBe(current.version);
    const same = await api.request('GET', `/edge/snapshot?since=${current.version}`, {
      apiKey: api.seed.edgeApiKey,
      headers: { 'if-none-match': `"${current.version}"` },
    });
    expect(same.status).toBe(304);
    // A stored base that is not JSON (or not a snapshot) is no base: the whole content.
    const broken = 'f'.repeat(64);
    await api.deps.objects.put(`snapshots/${broken}.json`, new TextEncoder().encode('{"acc'), 'application/json');
    const fromBroken = await snapshot(`?since=${broken}`);
    expect(fromBroken.status, fromBroken.text).toBe(200);
    expect(snapshotResponseSchema.parse(fromBroken.json).version).toBe(current.version);
    const malformed = await snapshot('?since=not-a-version');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('since');
  });
});

describe('an edge syncing with deltas', () => {
  it('applies a delta after a change and ends at the cloud version', async () => {
    const cloud = await recordingCloud(false);
    const log: string[] = [];
    const edge = edgeSync(cloud.url, log);
    expect(await edge.pull()).toBe('updated');
    await changeLimit('c2');
    expect(await edge.pull()).toBe('updated');
    expect(await edge.pull()).toBe('not_modified');
    const current = snapshotResponseSchema.parse((await snapshot()).json);
    expect(edge.current()?.version).toBe(current.version);
    expect(edge.current()?.index.accounts.get('c2')).toBeDefined();
    expect(cloud.kinds).toEqual(['whole', 'delta', '304']);
    expect(log.filter((line) => line.startsWith('snapshot_delta_refused'))).toEqual([]);
  });

  it('refuses a delta that does not rebuild the version and fetches the whole', async () => {
    const cloud = await recordingCloud(true);
    const log: string[] = [];
    const edge = edgeSync(cloud.url, log);
    expect(await edge.pull()).toBe('updated');
    await changeLimit('c3');
    expect(await edge.pull()).toBe('updated');
    const current = snapshotResponseSchema.parse((await snapshot()).json);
    expect(edge.current()?.version).toBe(current.version);
    expect(cloud.kinds).toEqual(['whole', 'delta', 'whole']);
    expect(log).toContain('snapshot_delta_refused version_mismatch');
  });
});
