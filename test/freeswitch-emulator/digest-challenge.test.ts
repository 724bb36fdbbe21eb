// Proves the emulator's digest challenge: a directory sip_auth lookup whose password must
// reproduce the phone's MD5 response; success merges the user's variables into the dialplan
// request, failure is a 403 with no dialplan request and no CDR.
import { afterEach, describe, expect, it } from 'vitest';
import { parseXmlCurlRequest } from '../../core/freeswitch/xml-curl-request';
import { digestResponse, ha1Of } from './digest';
import { FreeSwitchEmulator } from './emulator';
import type { InboundCall } from './sip-channel';
import { dialplanDocument, startTestServer, type TestServer } from './test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const directory = (password: string) => `<document type="freeswitch/xml"><section name="directory">
  <domain name="pbx.example"><user id="1001"><params><param name="password" value="${password}"/></params>
  <variables><variable name="accountcode" value="acct_1001"/><variable name="user_context" value="default"/></variables>
  </user></domain></section></document>`;

const CALL: InboundCall = {
  uuid: 'c0ffee00-0000-4000-8000-000000000005',
  callerNumber: '1001',
  fromHost: 'pbx.example',
  destination: '4420',
  context: 'default',
  sourceIp: '203.0.113.9',
  auth: { kind: 'digest', user: '1001', realm: 'pbx.example', password: 'right' },
};

async function emulatorWith(password: string | null) {
  const server = await startTestServer((request) => {
    const parsed = parseXmlCurlRequest(request.body);
    const section = parsed.ok ? parsed.value.section : 'other';
    if (section === 'directory')
      return password === null ? { status: 404 } : { status: 200, body: directory(password) };
    return { status: 200, body: dialplanDocument('default', [['bridge', 'sofia/gateway/gw/$1']]) };
  });
  servers.push(server);
  const fs = new FreeSwitchEmulator({
    bindings: [{ gatewayUrl: server.url, timeoutSeconds: 5 }],
    msPerSecond: 100,
    challengeDigest: true,
  });
  return { fs, server };
}

describe('digest challenge', () => {
  it('RFC 2617 response with qop=auth (known vector)', () => {
    const ha1 = ha1Of('Mufasa', 'testrealm@host.com', 'Circle Of Life');
    expect(ha1).toBe('939e7578ed9e3c518a452acee763bce9');
    const response = digestResponse(
      {
        user: 'Mufasa',
        realm: 'testrealm@host.com',
        uri: '/dir/index.html',
        method: 'GET' as 'INVITE',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        cnonce: '0a4f113b',
        nc: '00000001',
      },
      ha1,
    );
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('the right password routes the call with the directory user variables on the channel', async () => {
    const { fs, server } = await emulatorWith('right');
    const outcome = await fs.call(CALL);
    expect(outcome.kind).toBe('bridged');
    expect(server.requests).toHaveLength(2);
    const [auth, dialplan] = server.requests.map((r) => parseXmlCurlRequest(r.body));
    expect(auth).toMatchObject({
      ok: true,
      value: {
        section: 'directory',
        kind: 'sip_auth',
        user: '1001',
        domain: 'pbx.example',
        sipAuth: { method: 'INVITE', qop: 'auth' },
      },
    });
    expect(dialplan).toMatchObject({
      ok: true,
      value: {
        section: 'dialplan',
        authUser: '1001',
        authRealm: 'pbx.example',
        accountCode: 'acct_1001',
      },
    });
  });

  it.each([
    ['a wrong password', 'wrong'],
    ['a user the directory does not return', null],
  ])('%s is 403 Forbidden before any dialplan request', async (_, password) => {
    const { fs, server } = await emulatorWith(password);
    const outcome = await fs.call(CALL);
    expect(outcome).toMatchObject({
      kind: 'refused',
      via: 'directory',
      sipStatus: 403,
      hangupCause: 'CALL_REJECTED',
      cdrPosts: [],
    });
    expect(server.requests).toHaveLength(1);
  });
});
