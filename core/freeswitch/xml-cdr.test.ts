// Proves mod_xml_cdr documents normalize exactly like their JSON twins, by rewriting each JSON
// fixture as FreeSWITCH's XML writer would and parsing it raw, double-encoded, base64 and
// plaintext; and that raw variable names such as `nolocal:req_uuid` parse.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/freeswitch/fixtures';
import { legDocumentFromJson, toXmlCdr } from '../../test/freeswitch-emulator/cdr-documents';
import { switchUrlEncode } from '../../test/freeswitch-emulator/url-encode';
import { parseCdr, parseRawCdr } from './parse-cdr';

const JSON_FIXTURES = [
  'json-cdr-answered-2014-fs1.4-cgrates.json',
  'json-cdr-answered-2015-fs1.4-cgrates.json',
  'json-cdr-answered-2018-fs1.6plus-cgrates.json',
  'json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json',
];

describe('mod_xml_cdr', () => {
  for (const name of JSON_FIXTURES) {
    it(`${name} as XML gives the same CDR in every encode mode`, () => {
      const expected = parseCdr(readFixture(name));
      const xml = toXmlCdr(legDocumentFromJson(readFixture(name)));
      expect(parseCdr(xml)).toEqual(expected);
      expect(parseCdr(`cdr=${switchUrlEncode(xml, { doubleEncode: true })}`)).toEqual(expected);
      expect(parseCdr(`cdr=${Buffer.from(xml).toString('base64')}`)).toEqual(expected);
      expect(parseCdr(`cdr=${xml}`, { format: 'form' })).toEqual(expected);
      expect(parseCdr(xml, { format: 'xml' })).toEqual(expected);
    });
  }

  it('keeps every <callflow> element, newest first (2014: profiles 2 then 1)', () => {
    const xml = toXmlCdr(legDocumentFromJson(readFixture(JSON_FIXTURES[0] ?? '')));
    const raw = parseRawCdr(xml);
    expect(raw.ok && raw.value.callflow.map((p) => [p.profileIndex, p.destinationNumber])).toEqual([
      [2, '1002'],
      [1, '1002'],
    ]);
    expect(raw.ok && raw.value.variables.switch_m_sdp?.startsWith('v=0\r\no=1002 0 0 IN IP4')).toBe(
      true,
    );
  });

  it('reads raw names with a colon, repeated elements (first wins) and a B-leg through a gateway', () => {
    const xml = `<?xml version="1.0"?>
<cdr core-uuid="c0" switchname="edge1">
  <channel_data><state>CS_REPORTING</state><direction>outbound</direction></channel_data>
  <variables>
    <uuid>b-leg-1</uuid><call_uuid>a-leg-1</call_uuid><originator>a-leg-1</originator>
    <nolocal:req_uuid>a-leg-1</nolocal:req_uuid>
    <DP_MATCH>ARRAY%3A%3A4420%7C%3A4420</DP_MATCH><DP_MATCH>second</DP_MATCH>
    <sip_gateway_name>carrier_a</sip_gateway_name>
    <tollgate_account>acct_42</tollgate_account><tollgate_trunk>trunk_7</tollgate_trunk>
    <tollgate_max_seconds>1800</tollgate_max_seconds>
    <start_uepoch>1700000000000000</start_uepoch><answer_uepoch>1700000005000000</answer_uepoch>
    <end_uepoch>1700000065500000</end_uepoch><billsec>60</billsec><billmsec>60500</billmsec>
    <hangup_cause>NORMAL_CLEARING</hangup_cause><hangup_cause_q850>16</hangup_cause_q850>
  </variables>
  <callflow dialplan="" unique-id="b-leg-1" profile_index="1">
    <caller_profile><caller_id_number>15551230000</caller_id_number>
      <destination_number>442079460000</destination_number><context>default</context></caller_profile>
  </callflow>
</cdr>`;
    const raw = parseRawCdr(xml);
    expect(raw.ok && raw.value.variables['nolocal:req_uuid']).toBe('a-leg-1');
    expect(raw.ok && raw.value.variables.DP_MATCH).toBe('ARRAY::4420|:4420');
    expect(parseCdr(xml)).toMatchObject({
      ok: true,
      value: {
        uuid: 'b-leg-1',
        callUuid: 'a-leg-1',
        leg: 'b',
        direction: 'outbound',
        caller: '15551230000',
        callee: '442079460000',
        billsec: 60,
        billmsec: 60500,
        gateway: 'carrier_a',
        otherLegUuid: 'a-leg-1',
        tollgate: { account: 'acct_42', trunk: 'trunk_7', maxSeconds: 1800 },
      },
    });
  });

  it('keeps variables whose names are not XML names (FreeSWITCH writes them as is)', () => {
    const xml = `<?xml version="1.0"?>
<cdr><variables><uuid>u1</uuid><1st_leg>yes</1st_leg><x@y>a%40b</x@y><__proto__>p</__proto__>
<start_epoch>100</start_epoch><end_epoch>160</end_epoch></variables></cdr>`;
    const raw = parseRawCdr(xml);
    expect(raw.ok && { ...raw.value.variables }).toEqual({
      uuid: 'u1',
      '1st_leg': 'yes',
      'x@y': 'a@b',
      ['__proto__']: 'p',
      start_epoch: '100',
      end_epoch: '160',
    });
    expect(parseCdr(xml)).toMatchObject({
      ok: true,
      value: { uuid: 'u1', billsec: 0, startedAtEpochMs: 100000 },
    });
  });
});
