// Proves the large-subtree path of GET /edge/snapshot on the real API (DynamoDB Local, the local
// object store): past the inline limit the answer carries `contentUrl` instead of `content`; the
// object is the same content, hashing to the version; an edge syncing through it loads that
// version; an object that is not that version is refused and the edge keeps what it had.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, snapshotObjectResponseSchema, snapshotResponseSchema } from '../../core/snapshot/snapshot';
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

/** Forwards the edge's snapshot request with `maxInlineBytes=0`; `tamper` rewrites the object. */
async function objectOnlyCloud(tamper: boolean): Promise<string> {
  const server = createServer(async (req, res) => {
    const target = req.url === '/edge/snapshot' ? '/edge/snapshot?maxInlineBytes=0' : (req.url ?? '/');
    const headers: Record<string, string> = { 'x-api-key': String(req.headers['x-api-key'] ?? '') };
    if (req.headers['if-none-match']) headers['if-none-match'] = String(req.headers['if-none-match']);
    if (req.url === '/tampered') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ ...(await inlineContent()), operatorCurrency: 'XXX' }));
    }
    const upstream = await fetch(`${api.baseUrl}${target}`, { headers });
    let text = await upstream.text();
    if (tamper && upstream.status === 200) {
      const body = JSON.parse(text) as { contentUrl: { url: string } };
      body.contentUrl.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tampered`;
      text = JSON.stringify(body);
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(text);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function inlineContent() {
  const inline = await api.request('GET', '/edge/snapshot', { apiKey: api.seed.edgeApiKey });
  expect(inline.status, inline.text).toBe(200);
  return snapshotResponseSchema.parse(inline.json).content;
}

function syncVia(cloudUrl: string, log: string[] = []): SnapshotSync {
  const dataDir = mkdtempSync(join(tmpdir(), 'snapshot-object-'));
  const record = (event: string, fields: Record<string, unknown>) => log.push(`${event} ${String(fields.error ?? '')}`);
  return new SnapshotSync({ cloudUrl, apiKey: api.seed.edgeApiKey, dataDir, timeoutMs: 10_000, clock: Date.now, log: record });
}

describe('GET /edge/snapshot for a subtree past the inline limit', () => {
  it('answers a URL to the content instead of the content, the same version', async () => {
    const inline = await api.request('GET', '/edge/snapshot', { apiKey: api.seed.edgeApiKey });
    const byObject = await api.request('GET', '/edge/snapshot?maxInlineBytes=0', { apiKey: api.seed.edgeApiKey });
    expect(byObject.status, byObject.text).toBe(200);
    const answer = snapshotObjectResponseSchema.parse(byObject.json);
    expect(byObject.json.content).toBeUndefined();
    expect(answer.version).toBe(inline.json.version);
    expect(byObject.headers.get('etag')).toBe(`"${answer.version}"`);
    const fetched = await fetch(answer.contentUrl.url, { headers: answer.contentUrl.headers });
    const content: unknown = await fetched.json();
    expect(createHash('sha256').update(canonicalJson(content)).digest('hex')).toBe(answer.version);
    expect(content).toEqual(inline.json.content);
    const tooLarge = await api.request('GET', '/edge/snapshot?maxInlineBytes=99999999', { apiKey: api.seed.edgeApiKey });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.text).toContain('maxInlineBytes');
  });

  it('is loaded by an edge; an object that is not the named version is refused', async () => {
    const good = syncVia(await objectOnlyCloud(false));
    expect(await good.pull()).toBe('updated');
    const version = (await api.request('GET', '/edge/snapshot', { apiKey: api.seed.edgeApiKey })).json.version;
    expect(good.current()?.version).toBe(version);
    expect(good.current()?.index.accounts.has('c1')).toBe(true);
    expect(await good.pull()).toBe('not_modified');
    const log: string[] = [];
    const fooled = syncVia(await objectOnlyCloud(true), log);
    expect(await fooled.pull()).toBe('failed');
    expect(fooled.current()).toBeNull();
    expect(log).toEqual([`snapshot_pull_failed Error: snapshot ${version}: the object is not that version`]);
  });
});
