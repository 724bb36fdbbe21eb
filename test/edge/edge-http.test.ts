// Proves the edge agent over real HTTP with a stand-in cloud: CDR posts are spooled and answered
// 200 (even unreadable ones), shipped in batches and retried through 503s; dialplan requests get
// an explicit refusal in their own context before the first snapshot; directory lookups miss;
// health reports the spool; a restart resumes unsent CDRs; the config rejects unknown keys.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig, type EdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../../freeswitch-edge/main';

const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A stand-in for the cloud's CDR route: records what it accepts, or answers a scripted status. */
async function fakeCloud(): Promise<{ url: string; received: unknown[]; statuses: number[]; server: Server }> {
  const received: unknown[] = [];
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      // Only the CDR route is scripted; the snapshot route does not exist in this stand-in.
      if (request.url !== '/edge/cdrs') return void response.writeHead(404).end();
      const status = statuses.shift() ?? 202;
      if (status < 300 && request.headers['x-api-key'] === 'tg_test_key_0123456789') {
        received.push(...(JSON.parse(body) as { cdrs: unknown[] }).cdrs);
      }
      response.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, statuses, server };
}

function config(cloudUrl: string, dataDir: string): EdgeConfig {
  const parsed = parseEdgeConfig({
    listen: '127.0.0.1:0',
    cloudUrl,
    apiKey: 'tg_test_key_0123456789',
    dataDir,
    freeswitch: { switchName: 'fs1', domain: 'example.test' },
    limits: { sendBatchAgeMs: 0 },
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const started: RunningEdge[] = [];
afterAll(async () => {
  for (const edge of started) await edge.close().catch(() => undefined);
});

describe('edge agent over HTTP', () => {
  it('spools CDRs before the 200, ships them, and survives cloud 503s', async () => {
    const cloud = await fakeCloud();
    cloud.statuses.push(503, 503);
    const edge = await startEdge(config(cloud.url, mkdtempSync(join(tmpdir(), 'edge-'))), () => undefined);
    started.push(edge);
    for (const name of ['json-cdr-answered-2014-fs1.4-cgrates.json', 'json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json']) {
      const response = await fetch(`${edge.url}/freeswitch/cdr?uuid=x`, { method: 'POST', body: fixture(name), headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(200);
    }
    const garbage = await fetch(`${edge.url}/freeswitch/cdr`, { method: 'POST', body: 'cdr=%%%not-a-cdr' });
    expect(garbage.status).toBe(200);
    await until(() => cloud.received.length === 3, 'the cloud to accept 3 CDRs');
    expect(cloud.received.map((r) => (r as { kind: string }).kind)).toEqual(['parsed', 'parsed', 'unparsed']);
    await until(() => edge.health().spoolDepth === 0, 'the spool to drain');
    expect(edge.health()).toMatchObject({ spoolDepth: 0, cloudReachable: true, snapshotVersion: null });
    cloud.server.close();
  });

  it('refuses calls with no_snapshot in the request context; directory lookups miss', async () => {
    const cloud = await fakeCloud();
    const edge = await startEdge(config(cloud.url, mkdtempSync(join(tmpdir(), 'edge-'))), () => undefined);
    started.push(edge);
    const dialplan = await (await fetch(`${edge.url}/freeswitch/xml`, { method: 'POST', body: fixture('dialplan-request-2019-wire-derived.txt') })).text();
    expect(dialplan).toContain('<context name="public">');
    expect(dialplan).toContain('data="tollgate_reason=no_snapshot"');
    expect(dialplan).toContain('application="hangup" data="NORMAL_TEMPORARY_FAILURE"');
    const directory = await (await fetch(`${edge.url}/freeswitch/xml`, { method: 'POST', body: fixture('directory-request-sip-auth-2020-wire.txt') })).text();
    expect(directory).toContain('<result status="not found"/>');
    const unreadable = await fetch(`${edge.url}/freeswitch/xml`, { method: 'POST', body: '\u0000garbage' });
    expect(unreadable.status).toBe(200);
    expect(await unreadable.text()).toContain('<context name="default">');
    expect((await fetch(`${edge.url}/nope`)).status).toBe(404);
    cloud.server.close();
  });

  it('keeps unsent CDRs across a restart while the cloud is away', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'edge-'));
    const first = await startEdge(config('http://127.0.0.1:9', dataDir), () => undefined);
    await fetch(`${first.url}/freeswitch/cdr`, { method: 'POST', body: fixture('json-cdr-answered-2015-fs1.4-cgrates.json') });
    expect(first.health().spoolDepth).toBe(1);
    await first.close();
    const cloud = await fakeCloud();
    const second = await startEdge(config(cloud.url, dataDir), () => undefined);
    started.push(second);
    await until(() => cloud.received.length === 1, 'the resumed CDR');
    expect(cloud.received[0]).toMatchObject({ kind: 'parsed', cdr: { billsec: 66 } });
    cloud.server.close();
  });

  it('rejects a config with an unknown key, naming it', () => {
    const result = parseEdgeConfig({ cloudUrl: 'http://x', apiKey: 'k'.repeat(20), dataDir: '/tmp', freeswitch: { switchName: 'a', domain: 'b' }, lmits: {} });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.message).toContain('lmits');
  });
});
