// Proves the dialplan fast path reads exactly what the full parser reads (fixtures, emulator-
// style bodies, Hunt-* after a transfer, encoded values, missing fields) and declines the rest.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXmlCurlRequest } from '../../core/freeswitch/xml-curl-request';
import { switchUrlEncode } from '../../test/freeswitch-emulator/url-encode';
import { readFixture } from '../../test/freeswitch/fixtures';
import { readCallRequest } from './call-fields';

const WIRE = readFixture('dialplan-request-2019-wire-derived.txt');

function full(body: string) {
  const parsed = parseXmlCurlRequest(body);
  if (!parsed.ok || parsed.value.section !== 'dialplan') return null;
  const { uuid, context, callee, caller, sourceIp, authUser, authRealm, accessAccount } = parsed.value;
  return { uuid, context, callee, caller, sourceIp, authUser, authRealm, accessAccount };
}

describe('readCallRequest', () => {
  it.each([
    ['the 2019 capture', WIRE],
    ['a digest caller', `${WIRE}&variable_sip_auth_username=1000&variable_sip_auth_realm=a%40b`],
    ['a transfer', `${WIRE}&Hunt-Destination-Number=%2B4420&Hunt-Context=other`],
    [
      'an access-number transfer',
      `${WIRE}&variable_tollgate_access_account=c1&Hunt-Destination-Number=442079460000&Hunt-Context=tollgate_access`,
    ],
    ['no received ip', WIRE.replace('variable_sip_received_ip=', 'variable_x=')],
    ['empty values', WIRE.replace(/Caller-Caller-ID-Number=[^&]*/, 'Caller-Caller-ID-Number=')],
    ['a dialled number with parameters', WIRE.replace(/(Hunt|Caller)-Destination-Number=[^&]*/g, '$1-Destination-Number=%2B15551234567%3Bnpdi%3Brn%3D%2B15559990000')],
  ])('agrees with the full parser on %s', (_name, body) => {
    expect(readCallRequest(body)).toEqual(full(body));
  });

  it('reads the dialled number without its user part parameters (number portability, phone-context)', () => {
    const body = WIRE.replace(/(Hunt|Caller)-Destination-Number=[^&]*/g, '$1-Destination-Number=%2B15551234567%3Bnpdi%3Brn%3D%2B15559990000');
    expect(readCallRequest(body)?.callee).toBe('+15551234567');
  });

  it('reads the access account the edge set before the transfer', () => {
    const body = `${WIRE}&variable_tollgate_access_account=c%2D1`;
    expect(readCallRequest(body)?.accessAccount).toBe('c-1');
    expect(readCallRequest(WIRE)?.accessAccount).toBeNull();
  });

  it('declines what only the full parser can answer', () => {
    expect(readCallRequest('')).toBeNull();
    expect(readCallRequest(readFixture('directory-request-sip-auth-2020-wire.txt'))).toBeNull();
    const noCallee = WIRE.replace(/(Hunt|Caller)-Destination-Number=[^&]*/g, 'x=1');
    expect(readCallRequest(noCallee)).toBeNull();
    expect(full(noCallee)).toBeNull();
  });

  it('agrees with the full parser on random edits of the capture (fields dropped, emptied, repeated, encoded)', () => {
    const names = ['Unique-ID', 'Caller-Unique-ID', 'variable_uuid', 'Hunt-Destination-Number', 'Caller-Destination-Number',
      'Hunt-Context', 'Caller-Context', 'Hunt-Caller-ID-Number', 'Caller-Caller-ID-Number', 'variable_sip_from_user',
      'variable_sip_received_ip', 'Caller-Network-Addr', 'variable_sip_network_ip', 'variable_sip_auth_username',
      'variable_sip_auth_realm', 'variable_tollgate_access_account', 'Caller-Destination', 'variable_sip_auth_user',
      'Unique-IDs', 'variable_tollgate_access_accounts'];
    const edit = fc.record({
      name: fc.constantFrom(...names),
      action: fc.constantFrom('drop', 'empty', 'append', 'prepend'),
      value: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 8 }), (edits) => {
        let body = WIRE;
        for (const { name, action, value } of edits) {
          const field = new RegExp(`&${name}=[^&]*`);
          if (action === 'drop') body = body.replace(field, '');
          else if (action === 'empty') body = body.replace(field, `&${name}=`);
          else if (action === 'append') body = `${body}&${name}=${switchUrlEncode(value)}`;
          else body = body.replace('&Event-Name=', `&${name}=${switchUrlEncode(value)}&Event-Name=`);
        }
        const fast = readCallRequest(body);
        if (fast !== null) expect(fast).toEqual(full(body));
        else expect(full(body)?.callee ?? null).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
