// Proves every mod_json_cdr fixture normalizes to the values a biller expects (caller, callee,
// billsec, cause, legs, profiles), whatever envelope FreeSWITCH wrapped it in.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/freeswitch/fixtures';
import { switchUrlEncode } from '../../test/freeswitch-emulator/url-encode';
import { parseCdr, parseRawCdr } from './parse-cdr';
import type { NormalizedCdr } from './normalized-cdr';

const FIXTURES = {
  answered2014: 'json-cdr-answered-2014-fs1.4-cgrates.json',
  answered2015: 'json-cdr-answered-2015-fs1.4-cgrates.json',
  answered2018: 'json-cdr-answered-2018-fs1.6plus-cgrates.json',
  cancelled2025: 'json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json',
} as const;

// Fixtures posted with encode-values off: their values survive a whole-body URL encoding.
const PLAIN_VALUE_FIXTURES = [FIXTURES.answered2014, FIXTURES.answered2015, FIXTURES.answered2018];

function cdrOf(name: string): NormalizedCdr {
  const result = parseCdr(readFixture(name));
  if (!result.ok) throw new Error(`${name}: ${result.code} ${result.message}`);
  return result.value;
}

function profileIndexes(name: string): (number | null)[] {
  const raw = parseRawCdr(readFixture(name));
  if (!raw.ok) throw new Error(raw.message);
  return raw.value.callflow.map((profile) => profile.profileIndex);
}

describe('mod_json_cdr fixtures', () => {
  it('2014 (v1.4, duplicate callflow keys): A-leg 1001 -> 1002, billsec 15, recv_bye', () => {
    expect(cdrOf(FIXTURES.answered2014)).toEqual({
      uuid: '86cfd6e2-dbda-45a3-b59d-f683ec368e8b',
      callUuid: '86cfd6e2-dbda-45a3-b59d-f683ec368e8b',
      leg: 'a',
      direction: 'inbound',
      caller: '1001',
      callee: '1002',
      context: 'default',
      accountCode: '1001',
      authUser: '1001',
      authRealm: '192.168.56.74',
      callerSipUser: '1001',
      callerSipDomain: '192.168.56.74',
      sourceIp: '192.168.56.1',
      startedAtEpochMs: 1396984221278,
      answeredAtEpochMs: 1396984227717,
      endedAtEpochMs: 1396984242257,
      billsec: 15,
      billmsec: 14540,
      hangupCause: 'NORMAL_CLEARING',
      hangupCauseQ850: 16,
      gateway: null,
      otherLegUuid: '402f0929-fa14-4a5f-9642-3a1311bb4ddd',
      tollgate: null,
    });
    // JSON.parse would keep only the last (oldest) profile; both are kept, newest first.
    expect(profileIndexes(FIXTURES.answered2014)).toEqual([2, 1]);
  });

  it('2015 (v1.4.8+, switchname): A-leg 1001 -> 1003, billsec 66', () => {
    expect(cdrOf(FIXTURES.answered2015)).toMatchObject({
      uuid: 'e3133bf7-dcde-4daf-9663-9a79ffcef5ad',
      leg: 'a',
      caller: '1001',
      callee: '1003',
      accountCode: '1001',
      authUser: '1001',
      sourceIp: '127.0.0.1',
      startedAtEpochMs: 1436280728471,
      answeredAtEpochMs: 1436280728971,
      endedAtEpochMs: 1436280794010,
      billsec: 66,
      billmsec: 65039,
      hangupCause: 'NORMAL_CLEARING',
      hangupCauseQ850: 16,
      otherLegUuid: '0a30dd7c-c222-482f-a322-b1218a15f8cd',
    });
    expect(profileIndexes(FIXTURES.answered2015)).toEqual([2, 1]);
  });

  it('2018 (v1.6+, callflow array after a transfer): 1001 -> 1002, billsec 68, no accountcode', () => {
    expect(cdrOf(FIXTURES.answered2018)).toMatchObject({
      uuid: '3da8bf84-c133-4959-9e24-e72875cb33a1',
      leg: 'a',
      direction: 'inbound',
      caller: '1001',
      callee: '1002',
      context: 'default',
      accountCode: null,
      authUser: null,
      callerSipDomain: '10.10.10.204',
      sourceIp: '10.10.10.100',
      answeredAtEpochMs: 1515666347954,
      billsec: 68,
      billmsec: 67540,
      hangupCause: 'NORMAL_CLEARING',
      otherLegUuid: 'f52c26f1-b018-4963-bf6d-a3111d1a0320',
    });
    expect(profileIndexes(FIXTURES.answered2018)).toEqual([2, 1]);
  });

  it('2025 (v1.10, encode-values on): cancelled while ringing, 1001 -> 1003, unanswered', () => {
    expect(cdrOf(FIXTURES.cancelled2025)).toMatchObject({
      uuid: '51156b0b-f91b-4fd3-9c8f-15226f6098be',
      leg: 'a',
      caller: '1001',
      callee: '1003',
      accountCode: '1001',
      authUser: '1001',
      authRealm: '10.30.40.77',
      startedAtEpochMs: 1762923102707,
      answeredAtEpochMs: null,
      endedAtEpochMs: 1762923116247,
      billsec: 0,
      billmsec: 0,
      hangupCause: 'ORIGINATOR_CANCEL',
      hangupCauseQ850: 16,
      otherLegUuid: null,
    });
    const raw = parseRawCdr(readFixture(FIXTURES.cancelled2025));
    expect(raw.ok && raw.value.valuesWereEncoded).toBe(true);
    expect(raw.ok && raw.value.variables.current_application_data).toBe('user/1003@10.30.40.77');
    expect(raw.ok && raw.value.variables.caller_id).toBe('"1001" <1001>');
    expect(raw.ok && raw.value.variables.ringback).toBe('%(2000,4000,440,480)');
  });

  it('plain values stay as written when encode-values is off (2014 ringback keeps its %)', () => {
    const raw = parseRawCdr(readFixture(FIXTURES.answered2014));
    expect(raw.ok && raw.value.valuesWereEncoded).toBe(false);
    expect(raw.ok && raw.value.variables.ringback).toBe('%(2000,4000,440,480)');
    expect(raw.ok && raw.value.variables.cgr_notify).toBe('+AUTH_OK');
  });

  it('every normalized fixture is under 1 KB of JSON', () => {
    for (const name of Object.values(FIXTURES)) {
      expect(JSON.stringify(cdrOf(name)).length).toBeLessThan(1024);
    }
  });
});

describe('mod_json_cdr envelopes give the same CDR', () => {
  const envelopes: Record<string, (json: string) => string> = {
    'encode=true (cdr= URL-encoded)': (json) => `cdr=${switchUrlEncode(json)}`,
    'encode=base64 (cdr= base64)': (json) => `cdr=${Buffer.from(json).toString('base64')}`,
    'err-log-dir file, encode=true': (json) => `${switchUrlEncode(json)}\n`,
    'err-log-dir file, encode=base64': (json) => `${Buffer.from(json).toString('base64')}\n`,
  };
  for (const [label, wrap] of Object.entries(envelopes)) {
    it(label, () => {
      const names = label.includes('encode=true') ? PLAIN_VALUE_FIXTURES : Object.values(FIXTURES);
      for (const name of names) {
        const expected = cdrOf(name);
        const json = JSON.stringify(JSON.parse(readFixture(name)));
        // Re-serializing drops duplicate callflow keys, which do not change the CDR.
        expect(parseCdr(wrap(json))).toEqual({ ok: true, value: expected });
        expect(parseCdr(wrap(readFixture(name).trim()))).toEqual({ ok: true, value: expected });
      }
    });
  }

  it('encode=true with encode-values on is ambiguous on the wire, and says so instead of guessing', () => {
    // switch_url_encode passes the values' %22 through, so one decode cannot tell a value's
    // quote from the document's: a typed error, never a wrong CDR. Use encode=false or base64.
    const json = JSON.stringify(JSON.parse(readFixture(FIXTURES.cancelled2025)));
    expect(parseCdr(`cdr=${switchUrlEncode(json)}`)).toMatchObject({
      ok: false,
      code: 'invalid_json',
    });
  });

  it('--format checks the syntax it is told', () => {
    const json = readFixture(FIXTURES.answered2018);
    expect(parseCdr(json, { format: 'xml' })).toMatchObject({ ok: false, code: 'invalid_xml' });
    expect(parseCdr(json, { format: 'form' })).toMatchObject({ ok: false, code: 'unknown_format' });
    expect(parseCdr(`cdr=${switchUrlEncode(json)}`, { format: 'form' }).ok).toBe(true);
  });
});

describe('typed errors', () => {
  it.each([
    ['', 'empty_document'],
    ['hello', 'invalid_base64'],
    ['hello world!', 'unknown_format'],
    ['{"variables": ', 'invalid_json'],
    ['{"callflow":{},"callflow":[', 'invalid_json'],
    ['[1,2]', 'unknown_format'],
    ['{"a":1}', 'not_a_cdr'],
    ['{"variables":{"uuid":"u"}}', 'missing_field'],
    ['{"variables":{"start_epoch":"1","end_epoch":"2"}}', 'missing_field'],
    ['<cdr><variables></variables>', 'invalid_xml'],
    ['<cdr><variables/></cdr>', 'not_a_cdr'],
    ['<cdr><variables><a>1</b></variables></cdr>', 'invalid_xml'],
    ['<html></html>', 'not_a_cdr'],
    ['cdr=@@@', 'unknown_format'],
  ])('%j -> %s', (body, code) => {
    expect(parseCdr(body)).toMatchObject({ ok: false, code });
  });

  it('derives billsec and billmsec from the epochs when FreeSWITCH did not write them', () => {
    const body = JSON.stringify({
      variables: {
        uuid: 'u',
        start_epoch: '100',
        answer_epoch: '103',
        end_epoch: '163',
        answer_uepoch: '103500000',
        end_uepoch: '163250000',
      },
    });
    expect(parseCdr(body)).toMatchObject({
      ok: true,
      value: {
        startedAtEpochMs: 100000,
        answeredAtEpochMs: 103500,
        endedAtEpochMs: 163250,
        billsec: 60,
        billmsec: 59750,
      },
    });
  });
});
