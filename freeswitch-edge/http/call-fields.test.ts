// Proves the dialplan fast path reads exactly what the full parser reads (fixtures, emulator-
// style bodies, Hunt-* after a transfer, encoded values, missing fields) and declines the rest.
import { describe, expect, it } from 'vitest';
import { parseXmlCurlRequest } from '../../core/freeswitch/xml-curl-request';
import { readFixture } from '../../test/freeswitch/fixtures';
import { readCallRequest } from './call-fields';

const WIRE = readFixture('dialplan-request-2019-wire-derived.txt');

function full(body: string) {
  const parsed = parseXmlCurlRequest(body);
  if (!parsed.ok || parsed.value.section !== 'dialplan') return null;
  const { uuid, context, callee, caller, sourceIp, authUser, authRealm } = parsed.value;
  return { uuid, context, callee, caller, sourceIp, authUser, authRealm };
}

describe('readCallRequest', () => {
  it.each([
    ['the 2019 capture', WIRE],
    ['a digest caller', `${WIRE}&variable_sip_auth_username=1000&variable_sip_auth_realm=a%40b`],
    ['a transfer', `${WIRE}&Hunt-Destination-Number=%2B4420&Hunt-Context=other`],
    ['no received ip', WIRE.replace('variable_sip_received_ip=', 'variable_x=')],
    ['empty values', WIRE.replace(/Caller-Caller-ID-Number=[^&]*/, 'Caller-Caller-ID-Number=')],
  ])('agrees with the full parser on %s', (_name, body) => {
    expect(readCallRequest(body)).toEqual(full(body));
  });

  it('declines what only the full parser can answer', () => {
    expect(readCallRequest('')).toBeNull();
    expect(readCallRequest(readFixture('directory-request-sip-auth-2020-wire.txt'))).toBeNull();
    const noCallee = WIRE.replace(/(Hunt|Caller)-Destination-Number=[^&]*/g, 'x=1');
    expect(readCallRequest(noCallee)).toBeNull();
    expect(full(noCallee)).toBeNull();
  });
});
