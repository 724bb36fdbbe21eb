// Proves mod_xml_curl requests decode as FreeSWITCH encodes them, by parsing every request
// fixture (wire body, serialized event, docs samples) and stating the values billing reads.
import { describe, expect, it } from 'vitest';
import {
  decodeDocsColonSample,
  decodePrintRSample,
  readFixture,
} from '../../test/freeswitch/fixtures';
import type { DialplanRequest } from './dialplan-request';
import type { DirectoryRequest } from './directory-request';
import { decodeFormBody } from './form-body';
import { decodeSerializedEvent } from './serialized-event';
import {
  parseXmlCurlRequest,
  xmlCurlRequestFromFields,
  type XmlCurlRequest,
} from './xml-curl-request';

function dialplan(result: ReturnType<typeof parseXmlCurlRequest>): DialplanRequest {
  if (!result.ok || result.value.section !== 'dialplan') throw new Error(JSON.stringify(result));
  return result.value;
}

function directory(result: ReturnType<typeof parseXmlCurlRequest>): DirectoryRequest {
  if (!result.ok || result.value.section !== 'directory') throw new Error(JSON.stringify(result));
  return result.value;
}

describe('dialplan requests', () => {
  it('2019 wire body: ACL-authenticated X-Lite call 2222222222 -> 9999999999 in public', () => {
    const request = dialplan(
      parseXmlCurlRequest(readFixture('dialplan-request-2019-wire-derived.txt')),
    );
    expect(request).toMatchObject({
      hostname: 'ip-x-x-x-x',
      uuid: 'b3fe45ad-78ad-4d33-b70e-644e48969805',
      callUuid: 'b3fe45ad-78ad-4d33-b70e-644e48969805',
      direction: 'inbound',
      caller: '2222222222',
      callee: '9999999999',
      context: 'public',
      callerContext: 'public',
      huntContext: 'public',
      profileIndex: 1,
      sourceIp: 'x.x.x.x',
      sourcePort: 20729,
      authUser: null,
      aclName: 'test2',
      authorized: true,
      accountCode: null,
      sipCallId: '99140ZjE1YWVmZjQ3MWJhMGFlMGVjMDUwOTdmY2MzYzFiMTQ',
      sofiaProfile: 'internal',
    });
    expect(request.fields).toHaveLength(139);
    expect(request.variables.sip_user_agent).toBe('X-Lite release 5.6.1 stamp 99140');
    expect(request.variables.sip_full_from).toBe('<sip:2222222222@x.x.x.x>;tag=4268b509');
    expect(request.variables.switch_r_sdp?.startsWith('v=0\r\no=- 1569324651642456 1 IN IP4')).toBe(
      true,
    );
    expect(request.fields.find(([name]) => name === 'Event-Date-GMT')?.[1]).toBe(
      'Tue, 24 Sep 2019 11:30:51 GMT',
    );
  });

  it('2019 serialized event decodes to the same fields as the wire body, minus the prefix', () => {
    const wire = decodeFormBody(readFixture('dialplan-request-2019-wire-derived.txt'));
    const serialized = decodeSerializedEvent(
      readFixture('dialplan-request-2019-lua-params-serialize.txt'),
    );
    expect(wire.slice(0, 5).map(([name]) => name)).toEqual([
      'hostname',
      'section',
      'tag_name',
      'key_name',
      'key_value',
    ]);
    expect(serialized).toEqual(wire.slice(5));
    const request = dialplan(xmlCurlRequestFromFields(serialized));
    expect([request.caller, request.callee, request.context, request.aclName]).toEqual([
      '2222222222',
      '9999999999',
      'public',
      'test2',
    ]);
  });

  it('2008 docs sample: digest-authenticated 800 -> 9999 in default, accountcode 800', () => {
    const request = dialplan(
      xmlCurlRequestFromFields(
        decodeDocsColonSample(readFixture('dialplan-request-fsdocs-sample-2008.txt')),
      ),
    );
    expect(request).toMatchObject({
      hostname: 'frog',
      uuid: '388b125c-58ff-11dd-9892-8f5d58364073',
      caller: '800',
      callerName: 'Work',
      callee: '9999',
      context: 'default',
      huntContext: null,
      sourceIp: '192.168.0.19',
      sourcePort: 2048,
      authUser: '800',
      authRealm: '192.168.0.9',
      aclName: null,
      authorized: true,
      accountCode: '800',
    });
    expect(request.variables.sip_h_P_Key_Flags).toBeUndefined();
    expect(request.variables['sip_h_P-Key-Flags']).toBe('resolution="31x13", keys="4"');
  });

  it('Hunt-* wins over Caller-* (the profile being routed after transfer/execute_extension)', () => {
    const body =
      'hostname=fs1&section=dialplan&tag_name=&key_name=&key_value=&Unique-ID=u1' +
      '&Caller-Caller-ID-Number=100&Caller-Destination-Number=5551000&Caller-Context=public' +
      '&Caller-Profile-Index=1&variable_sip_received_ip=203.0.113.7&Caller-Network-Addr=10.0.0.1' +
      '&Hunt-Caller-ID-Number=100&Hunt-Destination-Number=4420&Hunt-Context=billing' +
      '&Hunt-Profile-Index=2&Hunt-Transfer-Source=1569324651:u1:bl_xfer:4420/billing/XML';
    const request = dialplan(parseXmlCurlRequest(body));
    expect(request).toMatchObject({
      callee: '4420',
      context: 'billing',
      callerContext: 'public',
      huntContext: 'billing',
      profileIndex: 2,
      transferSource: '1569324651:u1:bl_xfer:4420/billing/XML',
      sourceIp: '203.0.113.7',
      callUuid: 'u1',
    });
  });

  it('falls back to Caller-Network-Addr for the source and reads no digest user from other fields', () => {
    const body =
      'hostname=fs1&section=dialplan&tag_name=&key_name=&key_value=&Unique-ID=u2' +
      '&Caller-Destination-Number=1&Caller-Context=c&Caller-Network-Addr=198.51.100.2' +
      '&variable_sip_from_user=alice&variable_user_name=alice&variable_sip_authorized=false';
    const request = dialplan(parseXmlCurlRequest(body));
    expect([request.sourceIp, request.authUser, request.authorized, request.caller]).toEqual([
      '198.51.100.2',
      null,
      false,
      'alice',
    ]);
  });

  it('names the missing field when a dialplan request cannot be routed', () => {
    const base = 'hostname=h&section=dialplan&tag_name=&key_name=&key_value=';
    expect(
      parseXmlCurlRequest(`${base}&Caller-Destination-Number=1&Caller-Context=c`),
    ).toMatchObject({
      ok: false,
      code: 'missing_field',
    });
    expect(parseXmlCurlRequest(`${base}&Unique-ID=u&Caller-Context=c`)).toMatchObject({
      ok: false,
      code: 'missing_field',
      message: 'the dialplan request has no Caller-Destination-Number',
    });
    expect(parseXmlCurlRequest('')).toMatchObject({ ok: false, code: 'empty_document' });
    expect(parseXmlCurlRequest('a=b&c=d')).toMatchObject({
      ok: false,
      code: 'not_an_xml_curl_request',
    });
  });
});

describe('directory requests', () => {
  it('2020 wire body: sip_auth for a challenged INVITE from 1000 to 123', () => {
    const request = directory(
      parseXmlCurlRequest(readFixture('directory-request-sip-auth-2020-wire.txt')),
    );
    expect(request).toMatchObject({
      hostname: 'ip-172-31-2-115',
      tagName: 'domain',
      keyName: 'name',
      keyValue: '172.31.2.115',
      kind: 'sip_auth',
      action: 'sip_auth',
      user: '1000',
      domain: '172.31.2.115',
      ip: '127.00.000.001',
      clientPort: 49853,
      sipProfile: 'internal',
      userAgent: 'Z 5.3.8 rv2.9.30-mod',
      sipCallId: 'n1TWDpD1hKxKWZ_G8IAYpg..',
      sipAuth: {
        username: '1000',
        realm: '12.34.123.34',
        nonce: 'e6bce800-d5d5-4fd1-85d0-0dcd81449d0d',
        uri: 'sip:123@12.34.123.34;transport=TCP',
        qop: 'auth',
        cnonce: '07b31c36a9d0e4a732e27824b72c33e1',
        nc: '00000001',
        response: '99950999bd2ff111a2495fa39de481f6',
        method: 'INVITE',
      },
    });
  });

  it('2009 docs sample: sip_auth for a REGISTER from 1004', () => {
    const fields = decodePrintRSample(readFixture('directory-request-fsdocs-sip-auth-2009.txt'));
    const request = directory(xmlCurlRequestFromFields(fields));
    expect(request).toMatchObject({
      hostname: 'testmachine',
      kind: 'sip_auth',
      user: '1004',
      domain: 'domain1.awesomevoipdomain.faketld',
      ip: '192.168.1.100',
      sipAuth: {
        username: '1004',
        realm: 'domain1.awesomevoipdomain.faketld',
        method: 'REGISTER',
        qop: 'auth',
      },
    });
  });

  it('recognises the other directory purposes by kind', () => {
    const base = 'hostname=h&section=directory&tag_name=&key_name=&key_value=';
    const kind = (extra: string) => directory(parseXmlCurlRequest(`${base}&${extra}`)).kind;
    expect(kind('purpose=gateways')).toBe('gateways');
    expect(kind('purpose=network-list')).toBe('network_list');
    expect(kind('action=reverse-auth-lookup')).toBe('reverse_auth_lookup');
    expect(kind('action=message-count')).toBe('message_count');
    expect(kind('action=user_call')).toBe('user_call');
    expect(kind('action=__proto__')).toBe('other');
  });

  it('passes other sections through by name', () => {
    const result: ReturnType<typeof parseXmlCurlRequest> = parseXmlCurlRequest(
      'hostname=h&section=configuration&tag_name=configuration&key_name=name&key_value=sofia.conf',
    );
    expect(result).toMatchObject({
      ok: true,
      value: { section: 'other', sectionName: 'configuration' },
    });
    const value: XmlCurlRequest | null = result.ok ? result.value : null;
    expect(value?.fields).toHaveLength(5);
  });
});
