// Proves the FreeSWITCH parsers are total: random bytes, truncated and mutated fixtures always
// give a result or a typed error, never a throw (fast-check; a failure prints its seed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureNames, readFixture } from '../../test/freeswitch/fixtures';
import { legDocumentFromJson, toXmlCdr } from '../../test/freeswitch-emulator/cdr-documents';
import { switchUrlEncode } from '../../test/freeswitch-emulator/url-encode';
import { decodeFormBody } from './form-body';
import { scanJson } from './json-scan';
import { parseCdrs } from './cdr-file';
import { parseCdr } from './parse-cdr';
import { percentDecode } from './percent';
import type { FsErrorCode } from './result';
import { parseXmlCurlRequest } from './xml-curl-request';

const CODES: readonly FsErrorCode[] = [
  'empty_document',
  'document_too_large',
  'unknown_format',
  'invalid_json',
  'invalid_xml',
  'invalid_base64',
  'not_a_cdr',
  'not_an_xml_curl_request',
  'missing_field',
];

const SHARED = fixtureNames().map((name) => readFixture(name));
// No XML CDR is among the shared captures; the emulator writes one per JSON fixture.
const XML_CDRS = fixtureNames()
  .filter((name) => name.startsWith('json-cdr'))
  .map((name) => toXmlCdr(legDocumentFromJson(readFixture(name))));
const FIXTURES = [...SHARED, ...XML_CDRS];

function total(body: string): void {
  for (const result of [parseCdr(body), parseCdrs(body), parseXmlCurlRequest(body)]) {
    if (!result.ok) expect(CODES).toContain(result.code);
  }
  decodeFormBody(body);
}

const utf8 = new TextDecoder();
const randomText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => utf8.decode(bytes)),
  fc
    .constantFrom('{', '<', 'cdr=', '%7B', 'eyJ', 'PD94')
    .chain((head) => fc.string({ maxLength: 200 }).map((tail) => head + tail)),
);

const mutated = fc
  .tuple(
    fc.constantFrom(...FIXTURES),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.string({ unit: 'binary', maxLength: 3 })), {
      maxLength: 6,
    }),
  )
  .map(([text, edits]) =>
    edits.reduce((acc, [at, remove, insert]) => {
      const index = acc.length === 0 ? 0 : at % acc.length;
      return acc.slice(0, index) + insert + acc.slice(index + remove);
    }, text),
  );

describe('parsers never throw', () => {
  it('on random text and bytes', () => {
    fc.assert(
      fc.property(randomText, (body) => total(body)),
      { numRuns: 500 },
    );
  });

  it('on every truncation of every fixture, raw and cdr=-wrapped', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (text, cut) => {
          const prefix = text.slice(0, Math.floor(text.length * cut));
          total(prefix);
          total(`cdr=${switchUrlEncode(prefix)}`);
          total(`cdr=${Buffer.from(prefix).toString('base64')}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on mutated fixtures', () => {
    fc.assert(
      fc.property(mutated, (body) => total(body)),
      { numRuns: 500 },
    );
  });

  it('on deeply nested JSON (bounded depth, no stack overflow)', () => {
    const deep = `{"callflow":1,"callflow":${'['.repeat(100_000)}`;
    expect(parseCdr(deep)).toMatchObject({ ok: false, code: 'invalid_json' });
    const deepArray = `[${'['.repeat(200_000)}${']'.repeat(200_000)}]`;
    expect(parseCdrs(deepArray).ok).toBe(false);
  });
});

describe('round trips', () => {
  it('percentDecode inverts switch_url_encode when the text has no %XX of its own', () => {
    const text = fc
      .string({ unit: 'grapheme', maxLength: 80 })
      .filter((s) => !/%[0-9A-F]{2}/.test(s));
    fc.assert(
      fc.property(text, (value) => {
        expect(percentDecode(switchUrlEncode(value))).toBe(value);
      }),
    );
  });

  it('the duplicate-keeping JSON scanner agrees with JSON.parse on any JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const scanned = scanJson(text);
        expect(scanned.ok && JSON.stringify(scanned.value.value)).toBe(
          JSON.stringify(JSON.parse(text)),
        );
      }),
      { numRuns: 500 },
    );
  });
});
