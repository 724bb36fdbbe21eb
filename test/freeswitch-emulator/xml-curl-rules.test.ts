// Proves the emulator applies FreeSWITCH's mod_xml_curl rules to real HTTP answers: only 200
// with a parseable, found document counts; errors, timeouts and "not found" fall to the next
// binding, then to static XML; the returned context must match Hunt-Context.
import { afterEach, describe, expect, it } from 'vitest';
import { parseXmlCurlRequest } from '../../core/freeswitch/xml-curl-request';
import { readFixture } from '../freeswitch/fixtures';
import { FreeSwitchEmulator, type EmulatorConfig } from './emulator';
import type { InboundCall } from './sip-channel';
import { dialplanDocument, startTestServer, type Reply, type TestServer } from './test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function backend(reply: (index: number) => Reply): Promise<TestServer> {
  const server = await startTestServer((_, index) => reply(index));
  servers.push(server);
  return server;
}

const CALL: InboundCall = {
  uuid: 'a1b2c3d4-0000-4000-8000-000000000001',
  callerNumber: '2222222222',
  fromHost: '198.51.100.20',
  destination: '9999999999',
  context: 'public',
  sourceIp: '198.51.100.20',
  auth: { kind: 'acl', acl: 'customers' },
};

const BRIDGE = dialplanDocument('public', [['bridge', 'sofia/gateway/carrier_a/$1']]);

function emulator(urls: string[], extra: Partial<EmulatorConfig> = {}): FreeSwitchEmulator {
  return new FreeSwitchEmulator({
    bindings: urls.map((gatewayUrl) => ({ gatewayUrl, sections: ['dialplan'], timeoutSeconds: 5 })),
    msPerSecond: 100,
    ...extra,
  });
}

describe('what mod_xml_curl sends', () => {
  it('POSTs the form body with FreeSWITCH headers, and the core parser reads it back', async () => {
    const server = await backend(() => ({ status: 200, body: BRIDGE }));
    await emulator([`${server.url}/fs/dialplan`]).call(CALL);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['user-agent']).toBe('freeswitch-xml/1.0');
    expect(
      request?.body.startsWith(
        'hostname=emulated-fs&section=dialplan&tag_name=&key_name=&key_value=&Event-Name=REQUEST_PARAMS&',
      ),
    ).toBe(true);
    const parsed = parseXmlCurlRequest(request?.body ?? '');
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        section: 'dialplan',
        caller: '2222222222',
        callee: '9999999999',
        context: 'public',
        sourceIp: '198.51.100.20',
        aclName: 'customers',
        authUser: null,
      },
    });
  });
});

describe('what FreeSWITCH does with the answer', () => {
  it('200 with a dialplan: routes the call (bridge to the gateway with $1)', async () => {
    const server = await backend(() => ({ status: 200, body: BRIDGE }));
    const outcome = await emulator([server.url]).call(CALL);
    expect(outcome.kind).toBe('bridged');
    expect(outcome.kind === 'bridged' && [outcome.gateway, outcome.endpoint.number]).toEqual([
      'carrier_a',
      '9999999999',
    ]);
    expect(outcome.requests[0]?.located.source).toBe('binding');
  });

  it.each([
    ['404', { status: 404 }, 'http_error', 404],
    ['500', { status: 500, body: BRIDGE }, 'http_error', 500],
    ['201 with a document', { status: 201, body: BRIDGE }, 'http_error', 201],
    ['a timeout (httpRes 0)', { status: 200, body: BRIDGE, delayMs: 1500 }, 'http_error', 0],
    ['an empty 200', { status: 200, body: '' }, 'parse_error', 200],
    ['200 with broken XML', { status: 200, body: '<document><section>' }, 'parse_error', 200],
    [
      '200 "not found"',
      { status: 200, body: readFixture('xml-curl-not-found-response.xml') },
      'not_found',
      200,
    ],
  ] as const)('%s falls through to the next binding', async (_, reply, outcome, status) => {
    const first = await backend(() => reply);
    const second = await backend(() => ({ status: 200, body: BRIDGE }));
    const result = await emulator([first.url, second.url], {
      bindings: [
        { gatewayUrl: first.url, timeoutSeconds: 5 },
        { gatewayUrl: second.url, timeoutSeconds: 5 },
      ],
    }).call(CALL);
    expect(result.kind).toBe('bridged');
    expect(result.requests[0]?.located.attempts.map((a) => [a.outcome, a.status])).toEqual([
      [outcome, status],
      ['document', 200],
    ]);
    expect(second.requests[0]?.body).toBe(first.requests[0]?.body);
  });

  it('logs the FreeSWITCH error line with the request body for an HTTP error', async () => {
    const server = await backend(() => ({ status: 503 }));
    const outcome = await emulator([server.url]).call(CALL);
    const log = outcome.requests[0]?.located.attempts[0]?.log ?? '';
    expect(
      log.startsWith(
        `[ERR] mod_xml_curl.c Received HTTP error 503 trying to fetch ${server.url}\ndata: [hostname=`,
      ),
    ).toBe(true);
  });

  it('every binding failing falls back to static XML: fail-open when it has the context', async () => {
    const server = await backend(() => ({ status: 500 }));
    const staticXml = dialplanDocument('public', [['bridge', 'sofia/gateway/static_gw/$1']]);
    const outcome = await emulator([server.url], { staticXml }).call(CALL);
    expect(outcome.kind).toBe('bridged');
    expect(outcome.kind === 'bridged' && outcome.gateway).toBe('static_gw');
    expect(outcome.requests[0]?.located.source).toBe('static');
  });

  it('with no static context of that name the call gets NO_ROUTE_DESTINATION (SIP 404)', async () => {
    const server = await backend(() => ({
      status: 200,
      body: readFixture('xml-curl-not-found-response.xml'),
    }));
    const staticXml = dialplanDocument('default', [['bridge', 'user/1000']]);
    const outcome = await emulator([server.url], { staticXml }).call(CALL);
    expect([
      outcome.kind,
      outcome.hangupCause,
      outcome.kind === 'refused' && outcome.sipStatus,
    ]).toEqual(['refused', 'NO_ROUTE_DESTINATION', 404]);
  });

  it('a document whose context is not Hunt-Context is a hard refusal, not a fallback', async () => {
    const server = await backend(() => ({
      status: 200,
      body: readFixture('dialplan-response-example.xml'),
    }));
    const staticXml = dialplanDocument('public', [['bridge', 'sofia/gateway/static_gw/$1']]);
    const outcome = await emulator([server.url], { staticXml }).call(CALL);
    expect(outcome).toMatchObject({
      kind: 'refused',
      via: 'no_route',
      hangupCause: 'NO_ROUTE_DESTINATION',
      sipStatus: 404,
    });
    expect(outcome.requests[0]?.located.source).toBe('binding');
  });

  it('the docs example routes 83789 in context default (bridge to its iax endpoint)', async () => {
    const server = await backend(() => ({
      status: 200,
      body: readFixture('dialplan-response-example.xml'),
    }));
    const outcome = await emulator([server.url]).call({
      ...CALL,
      destination: '83789',
      context: 'default',
    });
    expect(outcome.kind === 'bridged' && outcome.endpoint.dialString).toBe(
      'iax/guest@conference.freeswitch.org/888',
    );
  });

  it('a context named global answers for any Hunt-Context', async () => {
    const server = await backend(() => ({
      status: 200,
      body: dialplanDocument('global', [['hangup', 'CALL_REJECTED']]),
    }));
    const outcome = await emulator([server.url]).call(CALL);
    expect(outcome).toMatchObject({
      kind: 'refused',
      hangupCause: 'CALL_REJECTED',
      sipStatus: 603,
      hangupCauseQ850: 21,
    });
  });

  it('GET bindings append the same string as a query string', async () => {
    const server = await backend(() => ({ status: 200, body: BRIDGE }));
    await emulator([], { bindings: [{ gatewayUrl: `${server.url}/x`, method: 'get' }] }).call(CALL);
    expect(server.requests[0]?.method).toBe('GET');
    expect(server.requests[0]?.url.startsWith('/x?hostname=emulated-fs&section=dialplan&')).toBe(
      true,
    );
  });
});

describe('directory (sip_auth)', () => {
  it('asks with the sofia_reg_parse_auth fields and reads the user from the answer', async () => {
    const directory = `<document type="freeswitch/xml"><section name="directory"><domain name="pbx.example">
      <user id="1000"><params><param name="password" value="s3cret"/></params>
      <variables><variable name="accountcode" value="acct_7"/></variables></user></domain></section></document>`;
    const server = await backend(() => ({ status: 200, body: directory }));
    const fs = new FreeSwitchEmulator({
      bindings: [{ gatewayUrl: server.url, sections: ['directory'] }],
      msPerSecond: 50,
    });
    const result = await fs.sipAuth({
      profile: 'internal',
      userAgent: 'UA',
      username: '1000',
      realm: 'pbx.example',
      nonce: 'n',
      uri: 'sip:123@pbx.example',
      contactUser: '1000',
      contactHost: '198.51.100.9',
      toUser: '123',
      toHost: 'pbx.example',
      viaProtocol: 'udp',
      fromUser: '1000',
      fromHost: 'pbx.example',
      callId: 'c1',
      requestUser: '123',
      requestHost: 'pbx.example',
      qop: 'auth',
      cnonce: 'cn',
      nc: '00000001',
      response: 'r',
      method: 'INVITE',
      clientPort: 5060,
      domain: 'pbx.example',
      ip: '198.51.100.9',
    });
    expect([result.found, result.password, result.variables.accountcode]).toEqual([
      true,
      's3cret',
      'acct_7',
    ]);
    expect(parseXmlCurlRequest(server.requests[0]?.body ?? '')).toMatchObject({
      ok: true,
      value: {
        section: 'directory',
        kind: 'sip_auth',
        keyValue: 'pbx.example',
        user: '1000',
        sipAuth: { method: 'INVITE' },
      },
    });
  });
});
