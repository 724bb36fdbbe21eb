// Proves every file in ../shared/fixtures/freeswitch/ is read by a parser into stated values,
// and fails when a new fixture arrives without expectations (so none is silently skipped).
import { describe, expect, it } from 'vitest';
import { parseCdr } from '../../core/freeswitch/parse-cdr';
import { decodeSerializedEvent } from '../../core/freeswitch/serialized-event';
import {
  parseXmlCurlRequest,
  xmlCurlRequestFromFields,
} from '../../core/freeswitch/xml-curl-request';
import {
  attr,
  children,
  findChild,
  isNotFound,
  parseFreeswitchDocument,
} from '../freeswitch-emulator/xml-document';
import { decodeDocsColonSample, decodePrintRSample, fixtureNames, readFixture } from './fixtures';

type Check = (text: string) => unknown;

const request = (result: ReturnType<typeof parseXmlCurlRequest>) =>
  result.ok ? result.value : result;

const EXPECTED: Record<string, { check: Check; expected: unknown }> = {
  'dialplan-request-2019-lua-params-serialize.txt': {
    check: (t) => request(xmlCurlRequestFromFields(decodeSerializedEvent(t))),
    expected: {
      section: 'dialplan',
      caller: '2222222222',
      callee: '9999999999',
      context: 'public',
      aclName: 'test2',
      authUser: null,
    },
  },
  'dialplan-request-2019-wire-derived.txt': {
    check: (t) => request(parseXmlCurlRequest(t)),
    expected: {
      section: 'dialplan',
      caller: '2222222222',
      callee: '9999999999',
      context: 'public',
      sourceIp: 'x.x.x.x',
    },
  },
  'dialplan-request-fsdocs-sample-2008.txt': {
    check: (t) => request(xmlCurlRequestFromFields(decodeDocsColonSample(t))),
    expected: {
      section: 'dialplan',
      caller: '800',
      callee: '9999',
      context: 'default',
      authUser: '800',
      accountCode: '800',
    },
  },
  'directory-request-fsdocs-sip-auth-2009.txt': {
    check: (t) => request(xmlCurlRequestFromFields(decodePrintRSample(t))),
    expected: {
      section: 'directory',
      kind: 'sip_auth',
      user: '1004',
      sipAuth: { method: 'REGISTER' },
    },
  },
  'directory-request-sip-auth-2020-wire.txt': {
    check: (t) => request(parseXmlCurlRequest(t)),
    expected: {
      section: 'directory',
      kind: 'sip_auth',
      user: '1000',
      domain: '172.31.2.115',
      sipAuth: { method: 'INVITE' },
    },
  },
  'json-cdr-answered-2014-fs1.4-cgrates.json': {
    check: (t) => parseCdr(t),
    expected: {
      ok: true,
      value: {
        leg: 'a',
        caller: '1001',
        callee: '1002',
        billsec: 15,
        hangupCause: 'NORMAL_CLEARING',
      },
    },
  },
  'json-cdr-answered-2015-fs1.4-cgrates.json': {
    check: (t) => parseCdr(t),
    expected: {
      ok: true,
      value: {
        leg: 'a',
        caller: '1001',
        callee: '1003',
        billsec: 66,
        hangupCause: 'NORMAL_CLEARING',
      },
    },
  },
  'json-cdr-answered-2018-fs1.6plus-cgrates.json': {
    check: (t) => parseCdr(t),
    expected: {
      ok: true,
      value: {
        leg: 'a',
        caller: '1001',
        callee: '1002',
        billsec: 68,
        hangupCause: 'NORMAL_CLEARING',
      },
    },
  },
  'json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json': {
    check: (t) => parseCdr(t),
    expected: {
      ok: true,
      value: {
        leg: 'a',
        caller: '1001',
        callee: '1003',
        billsec: 0,
        hangupCause: 'ORIGINATOR_CANCEL',
        answeredAtEpochMs: null,
      },
    },
  },
  'dialplan-response-example.xml': {
    check: (t) => {
      const document = parseFreeswitchDocument(t);
      const section = document === null ? null : findChild(document, 'section', 'name', 'dialplan');
      const context = section === null ? null : children(section, 'context')[0];
      const extension =
        context === undefined || context === null ? undefined : children(context, 'extension')[0];
      const condition = extension === undefined ? undefined : children(extension, 'condition')[0];
      const action = condition === undefined ? undefined : children(condition, 'action')[0];
      return [
        context && attr(context, 'name'),
        extension && attr(extension, 'name'),
        condition && attr(condition, 'expression'),
        action && attr(action, 'data'),
      ];
    },
    expected: ['default', 'test9', '^83789$', 'iax/guest@conference.freeswitch.org/888'],
  },
  'xml-curl-not-found-response.xml': {
    check: (t) => {
      const document = parseFreeswitchDocument(t);
      return document !== null && isNotFound(document);
    },
    expected: true,
  },
};

describe('every shared FreeSWITCH fixture', () => {
  it('has stated expectations here', () => {
    expect(fixtureNames()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, { check, expected }] of Object.entries(EXPECTED)) {
    it(name, () => {
      const actual = check(readFixture(name));
      if (typeof expected === 'object' && expected !== null && !Array.isArray(expected))
        expect(actual).toMatchObject(expected);
      else expect(actual).toEqual(expected);
    });
  }
});
