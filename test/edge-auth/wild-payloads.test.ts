// Proves the edge answers mod_xml_curl requests shaped like ones seen in the wild (not the shared
// fixtures its parsers were built from; test/fixtures/wild-freeswitch/README.md says what real
// source each follows): over real HTTP against the demo snapshot, each dialplan body gets the
// exact answer (context, bridge or the pinned refusal cause) and each directory body its user
// document or "not found" — also when curl sends the body only after `Expect: 100-continue`.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sipHa1 } from '../../core/devices/ha1';
import type { RunningEdge } from '../../freeswitch-edge/main';
import { startTestApi, type TestApi } from '../support/api';
import { startSyncedEdge } from './synced-edge';

const WILD_DIR = join(process.cwd(), 'test', 'fixtures', 'wild-freeswitch');
const wild = (name: string) => readFileSync(join(WILD_DIR, name), 'utf8');

let api: TestApi;
let edge: RunningEdge;
const failures: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  edge = await startSyncedEdge(api, {
    dataDirPrefix: 'edge-wild-',
    limits: { snapshotPollMs: 60_000, snapshotTimeoutMs: 5_000 },
    log: (event, fields) => {
      if (event === 'edge_request_failed') failures.push(JSON.stringify(fields));
    },
  });
});
afterAll(async () => {
  expect(failures).toEqual([]);
  await edge?.close();
  await api?.close();
});

interface Answer {
  readonly context: string | null;
  readonly actions: readonly (readonly [application: string, data: string])[];
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'action' });

/** The dialplan answer's context and its actions, in order. */
function dialplanAnswer(document: string): Answer {
  const parsed = xml.parse(document) as {
    document?: { section?: { context?: { name: string; extension?: { condition?: { action?: { application: string; data?: string }[] } } } } };
  };
  const context = parsed.document?.section?.context;
  const actions = context?.extension?.condition?.action ?? [];
  return { context: context?.name ?? null, actions: actions.map((a) => [a.application, a.data ?? ''] as const) };
}

async function post(name: string): Promise<string> {
  const response = await fetch(`${edge.url}/freeswitch/xml`, {
    method: 'POST',
    body: wild(name),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** Demo accounts (and reseller r1 above c1–c3) allow 2 calls a second: each call starts a fresh second. */
async function inAFreshSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
}

const refusal = (reason: string, cause: string) => [
  ['set', `tollgate_reason=${reason}`],
  ['set', 'sip_ignore_remote_cause=true'],
  ['hangup', cause],
];

const value = (answer: Answer, application: string, prefix: string) =>
  answer.actions.find(([app, data]) => app === application && data.startsWith(prefix))?.[1];

describe('dialplan requests from the wild', () => {
  it.each([
    // Digest over IPv6 (addresses %3A-encoded), dialling +44… (%2B): c1's device.
    ['dialplan-digest-ipv6-e164-plus-fs1.10.txt', 'default', 'c1'],
    // The lookup re-sent after a transfer (profile index 2): answered in the transfer's context.
    ['dialplan-after-transfer-profile-index-2-fs1.10.txt', 'default', 'c1'],
    // FS 1.6 carrier ACL 203.0.113.0/24 with tech prefix 555: the prefix is stripped.
    ['dialplan-acl-tech-prefix-fs1.6.txt', 'public', 'c3'],
  ])('%s: bridged in %s for %s', async (name, context, account) => {
    await inAFreshSecond();
    const answer = dialplanAnswer(await post(name));
    expect(answer.context).toBe(context);
    expect(value(answer, 'export', 'tollgate_account=')).toBe(`tollgate_account=${account}`);
    expect(value(answer, 'export', 'tollgate_prefix=')).toBe('tollgate_prefix=4420');
    expect(value(answer, 'bridge', '')).toContain('sofia/external/442079460000@198.51.100.10:5060');
    expect(value(answer, 'bridge', '')).not.toContain('555442079460000');
  });

  it('a binding with method GET: the same call bridged from the form as its body or as its query', async () => {
    const form = wild('dialplan-digest-ipv6-e164-plus-fs1.10.txt');
    const asBody = await new Promise<string>((resolve, reject) => {
      const target = new URL(`${edge.url}/freeswitch/xml`);
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) };
      const request = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: 'GET', headers }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => (response.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${response.statusCode}`))));
      });
      request.on('error', reject);
      request.end(form);
    });
    await inAFreshSecond();
    const asQuery = await (await fetch(`${edge.url}/freeswitch/xml?${form.trim()}`)).text();
    for (const document of [asBody, asQuery]) {
      const answer = dialplanAnswer(document);
      expect(answer.context).toBe('default');
      expect(value(answer, 'export', 'tollgate_account=')).toBe('tollgate_account=c1');
      expect(value(answer, 'bridge', '')).toContain('sofia/external/442079460000@198.51.100.10:5060');
    }
  });

  it('a dialled number carrying number-portability parameters: priced and bridged as the number', async () => {
    await inAFreshSecond();
    const form = wild('dialplan-digest-ipv6-e164-plus-fs1.10.txt').replaceAll(
      'Destination-Number=%2B442079460000',
      'Destination-Number=%2B442079460000%3Bnpdi%3Brn%3D%2B442079469999',
    );
    const response = await fetch(`${edge.url}/freeswitch/xml`, { method: 'POST', body: form });
    const answer = dialplanAnswer(await response.text());
    expect(value(answer, 'export', 'tollgate_prefix=')).toBe('tollgate_prefix=4420');
    expect(value(answer, 'bridge', '')).toContain('sofia/external/442079460000@198.51.100.10:5060');
  });

  it('a forged From user with account-claiming X- headers and no proof: unknown_caller', async () => {
    const answer = dialplanAnswer(await post('dialplan-unauthenticated-spoofed-headers-fs1.10.txt'));
    expect(answer).toEqual({ context: 'public', actions: refusal('unknown_caller', 'CALL_REJECTED') });
  });

  it('a digest caller dialling the feature code *98: invalid_number', async () => {
    const answer = dialplanAnswer(await post('dialplan-digest-feature-code-fs1.10.txt'));
    expect(answer).toEqual({ context: 'default', actions: refusal('invalid_number', 'INVALID_NUMBER_FORMAT') });
  });

  it('a carrier caller ID in E.164 (+) calling its access number in E.164: asked for the destination', async () => {
    await inAFreshSecond();
    const answer = dialplanAnswer(await post('dialplan-access-number-e164-plus-fs1.10.txt'));
    expect(answer.context).toBe('public');
    expect(answer.actions.map(([application]) => application)).toContain('play_and_get_digits');
    expect(value(answer, 'set', 'tollgate_access_account=')).toBe('tollgate_access_account=c3');
  });
});

describe('directory requests from the wild', () => {
  it('sip_auth for a REGISTER with X- headers: the HA1 for the realm', async () => {
    const document = await post('directory-sip-auth-register-x-headers-fs1.10.txt');
    expect(document).toContain('<domain name="172.31.2.115">');
    expect(document).toContain('<user id="1002">');
    expect(document).toContain(`<param name="a1-hash" value="${sipHa1('1002', '172.31.2.115', 'tollgate-1002-demo')}"/>`);
    expect(document).toContain('<variable name="tollgate_account" value="c1"/>');
  });

  it('sip_auth as FS 1.0 sent it (Event-Name MESSAGE, no qop): the HA1 of c3’s device', async () => {
    const document = await post('directory-sip-auth-message-event-fs1.0.txt');
    const realm = 'domain1.awesomevoipdomain.faketld';
    expect(document).toContain(`<domain name="${realm}">`);
    expect(document).toContain(`value="${sipHa1('1012', realm, 'tollgate-1012-demo')}"`);
    expect(document).toContain('<variable name="tollgate_account" value="c3"/>');
  });

  it('user_call with the originate variables merged in: the dial-string, no a1-hash', async () => {
    const document = await post('directory-user-call-merged-vars-fs1.10.txt');
    expect(document).toContain('<user id="1001">');
    expect(document).toContain('<param name="dial-string" value="{^^:sip_invite_domain=${dialed_domain}');
    expect(document).not.toContain('a1-hash');
  });

  it.each([
    'directory-gateways-purpose-fs1.10.txt',
    'directory-network-list-general-event-fs1.10.txt',
    'directory-reverse-auth-lookup-fs1.10.txt',
    'directory-voicemail-lookup-general-event-fs1.10.txt',
    'directory-message-count-fs1.10.txt',
    'directory-whole-directory-prefix-only-fs1.10.txt',
    'configuration-acl-conf-prefix-only-fs1.10.txt',
  ])('%s: not found', async (name) => {
    const document = await post(name);
    const parsed = xml.parse(document) as { document?: unknown };
    expect(parsed.document).toEqual({ type: 'freeswitch/xml', section: { name: 'result', result: { status: 'not found' } } });
  });
});

/** A raw HTTP/1.1 exchange, as libcurl makes it for a large POST: headers, wait for 100, body. */
function postExpectingContinue(url: string, body: string): Promise<{ interim: string; final: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let interim = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (interim === '' && received.includes('\r\n\r\n')) {
        interim = received.slice(0, received.indexOf('\r\n\r\n'));
        received = received.slice(interim.length + 4);
        socket.write(body);
      }
      if (received.includes('</document>')) {
        socket.end();
        resolve({ interim, final: received });
      }
    });
    socket.on('error', reject);
    socket.write(
      'POST /freeswitch/xml HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n\r\n',
    );
  });
}

describe('the wire as libcurl writes it', () => {
  it('a body sent only after "100 Continue" is answered like any other', async () => {
    const { interim, final } = await postExpectingContinue(edge.url, wild('dialplan-unauthenticated-spoofed-headers-fs1.10.txt'));
    expect(interim).toBe('HTTP/1.1 100 Continue');
    expect(final).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(dialplanAnswer(final.slice(final.indexOf('<?xml')))).toEqual({
      context: 'public',
      actions: refusal('unknown_caller', 'CALL_REJECTED'),
    });
  });
});
