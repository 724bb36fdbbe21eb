// Proves the emulator writes what FreeSWITCH writes, byte for byte: it re-encodes the captured
// dialplan and directory requests and the captured JSON CDRs from their decoded values and
// compares with the fixtures.
import { describe, expect, it } from 'vitest';
import { decodeFormBody } from '../../core/freeswitch/form-body';
import { readFixture } from '../freeswitch/fixtures';
import { legDocumentFromJson, toJsonCdr } from './cdr-documents';
import { rebuildDialplanRequest } from './fixture-channel';
import {
  DIALPLAN_PREFIX,
  dialplanRequestFields,
  encodeRequestBody,
  sipAuthPrefix,
  sipAuthRequestFields,
} from './request-body';
import { switchUrlEncode } from './url-encode';

describe('mod_xml_curl request bodies', () => {
  it('re-encodes the 2019 dialplan request byte for byte (prefix, order, %XX rules)', () => {
    const wire = readFixture('dialplan-request-2019-wire-derived.txt');
    const { identity, stamp, channel, hunt } = rebuildDialplanRequest(decodeFormBody(wire));
    const body = encodeRequestBody(
      identity,
      DIALPLAN_PREFIX,
      dialplanRequestFields(identity, stamp, channel, hunt),
    );
    expect(body).toBe(wire);
  });

  it('re-encodes the 2020 directory sip_auth request byte for byte', () => {
    const wire = readFixture('directory-request-sip-auth-2020-wire.txt');
    const identity = {
      switchname: 'ip-172-31-2-115',
      hostname: 'ip-172-31-2-115',
      coreUuid: '6877d7ab-31a5-4dc4-94c8-bf7dcd120ffb',
      ipv4: '172.31.2.115',
      ipv6: '::1',
      utcOffsetMinutes: 0,
    };
    const fields = sipAuthRequestFields(
      identity,
      { nowUs: 1595796252372845, sequence: 143935 },
      {
        profile: 'internal',
        userAgent: 'Z 5.3.8 rv2.9.30-mod',
        username: '1000',
        realm: '12.34.123.34',
        nonce: 'e6bce800-d5d5-4fd1-85d0-0dcd81449d0d',
        uri: 'sip:123@12.34.123.34;transport=TCP',
        contactUser: '1000',
        contactHost: '127.00.000.001',
        toUser: '123',
        toHost: '12.34.123.34',
        viaProtocol: 'tcp',
        fromUser: '1000',
        fromHost: '12.34.123.34',
        callId: 'n1TWDpD1hKxKWZ_G8IAYpg..',
        requestUser: '123',
        requestHost: '12.34.123.34',
        qop: 'auth',
        cnonce: '07b31c36a9d0e4a732e27824b72c33e1',
        nc: '00000001',
        response: '99950999bd2ff111a2495fa39de481f6',
        method: 'INVITE',
        clientPort: 49853,
        domain: '172.31.2.115',
        ip: '127.00.000.001',
      },
    );
    expect(encodeRequestBody(identity, sipAuthPrefix('172.31.2.115'), fields)).toBe(wire);
  });

  it('switch_url_encode: %20 never +, %2B for +, safe punctuation kept, existing %XX passed through', () => {
    expect(switchUrlEncode('a b+c')).toBe('a%20b%2Bc');
    expect(switchUrlEncode("!$'()*,-./_~")).toBe("!$'()*,-./_~");
    expect(switchUrlEncode('café\r\n')).toBe('caf%C3%A9%0D%0A');
    expect(switchUrlEncode('100%25 %zz %4')).toBe('100%25%20%25zz%20%254');
    expect(switchUrlEncode('%40', { doubleEncode: true })).toBe('%2540');
  });
});

describe('mod_json_cdr documents', () => {
  it('rewrites the 2014 and 2015 (pre-1.6, duplicate callflow keys) CDRs byte for byte', () => {
    for (const name of [
      'json-cdr-answered-2014-fs1.4-cgrates.json',
      'json-cdr-answered-2015-fs1.4-cgrates.json',
    ]) {
      const text = readFixture(name).trim();
      expect(
        toJsonCdr(legDocumentFromJson(text), { encodeValues: false, callflow: 'duplicate_keys' }),
      ).toBe(text);
    }
  });

  it('rewrites the 2018 and 2025 CDRs as cJSON prints them, re-encoding 2025 values exactly', () => {
    const cases = [
      ['json-cdr-answered-2018-fs1.6plus-cgrates.json', false],
      ['json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json', true],
    ] as const;
    for (const [name, encodeValues] of cases) {
      const text = readFixture(name);
      const unformatted = JSON.stringify(JSON.parse(text));
      expect(toJsonCdr(legDocumentFromJson(text), { encodeValues, callflow: 'array' })).toBe(
        unformatted,
      );
    }
  });
});
