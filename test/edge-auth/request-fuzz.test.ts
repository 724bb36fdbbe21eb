// Proves the edge never fails FreeSWITCH on a bad request, over real HTTP with the demo snapshot: mutated captures (fields dropped, repeated, emptied, truncated, mis-encoded, oversized, foreign addresses) always get a 200 with a well-formed FreeSWITCH document — a dialplan request a dialplan with an action, never "not found", never a 500 — and the edge logs no failure and keeps answering.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSerializedEvent } from '../../core/freeswitch/serialized-event';
import type { RunningEdge } from '../../freeswitch-edge/main';
import { switchUrlEncode } from '../freeswitch-emulator';
import { decodeDocsColonSample, decodePrintRSample, readFixture } from '../freeswitch/fixtures';
import { startTestApi, type TestApi } from '../support/api';
import { startSyncedEdge } from './synced-edge';

type Field = [string, string];

const encode = (fields: readonly Field[]) =>
  fields.map(([name, value]) => `${name}=${switchUrlEncode(value)}`).join('&');

/**
 * The captures as field lists: four dialplan requests (one of them the 2008 sample's demo
 * device 800 dialling London, which authorizes and bridges) and two directory requests.
 */
function captures(): Field[][] {
  const wire = (name: string): Field[] =>
    readFixture(name)
      .trim()
      .split('&')
      .map((pair) => {
        const at = pair.indexOf('=');
        const decode = (text: string) => {
          try {
            return decodeURIComponent(text.replaceAll('+', ' '));
          } catch {
            return text;
          }
        };
        return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
      });
  const lua = decodeSerializedEvent(readFixture('dialplan-request-2019-lua-params-serialize.txt'));
  const docs = decodeDocsColonSample(readFixture('dialplan-request-fsdocs-sample-2008.txt'));
  const london = docs.map(([name, value]): Field =>
    name.endsWith('Destination-Number') ? [name, '442079460000'] : [name, value],
  );
  return [
    wire('dialplan-request-2019-wire-derived.txt'),
    [['section', 'dialplan'], ...lua.map(([name, value]): Field => [name, value])],
    [['section', 'dialplan'], ...docs],
    [['section', 'dialplan'], ...london],
    wire('directory-request-sip-auth-2020-wire.txt'),
    decodePrintRSample(readFixture('directory-request-fsdocs-sip-auth-2009.txt')),
  ];
}

const IMPORTANT = [
  'Caller-Caller-ID-Number',
  'Caller-Destination-Number',
  'Hunt-Context',
  'Caller-Context',
  'variable_sip_auth_username',
  'variable_sip_received_ip',
  'Caller-Network-Addr',
  'Unique-ID',
  'variable_sip_from_host',
  'user',
  'domain',
  'action',
];

const oddValue = fc.oneof(
  fc.constantFrom('', ' ', '%', '%ZZ', '%00', '::1', '2001:db8::7', '999.1.1.1', '+', '+00'),
  fc.constantFrom('10.0.0.1, 10.0.0.2', 'dialplan', 'directory', 'sip_auth', '\u00e9\u4e2d\ud83d\ude00'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^\+?[0-9*#]{0,30}$/),
  fc.nat(4096).map((n) => 'x'.repeat(n * 16)),
);

/** One edit of a field list; `at` picks the field (modulo its length). */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('setNamed' as const), name: fc.constantFrom(...IMPORTANT), value: oddValue }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(fields: Field[], change: Edit): Field[] {
  if (fields.length === 0) return fields;
  if (change.kind === 'setNamed') {
    const rest = fields.filter(([name]) => name !== change.name);
    return [...rest, [change.name, change.value]];
  }
  const at = change.at % fields.length;
  const [name] = fields[at] as Field;
  if (change.kind === 'drop') return fields.filter((_, index) => index !== at);
  if (change.kind === 'repeat') return [...fields, [name, change.value]];
  return fields.map((field, index) => (index === at ? [name, change.value] : field));
}

/** The wire body: edited fields, then maybe cut short or with raw garbage appended. */
const requestBody = fc
  .record({
    capture: fc.nat(5),
    edits: fc.array(edit, { maxLength: 6 }),
    // A quarter of the bodies cut short (at 1–99 %), a quarter with raw garbage appended.
    cutPercent: fc.oneof(
      { arbitrary: fc.constant(null), weight: 3 },
      { arbitrary: fc.integer({ min: 1, max: 99 }), weight: 1 },
    ),
    tail: fc.oneof(
      { arbitrary: fc.constant(''), weight: 3 },
      { arbitrary: fc.constantFrom('&&&', '&=', '%', '&section=directory', '\u0000\u00ff'), weight: 1 },
    ),
  })
  .map(({ capture, edits, cutPercent, tail }) => {
    const fields = edits.reduce(applyEdit, captures()[capture] as Field[]);
    const body = encode(fields);
    const kept = cutPercent === null ? body : body.slice(0, (body.length * cutPercent) / 100);
    return kept + tail;
  });

let api: TestApi;
let edge: RunningEdge;
const failures: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  edge = await startSyncedEdge(api, {
    dataDirPrefix: 'edge-fuzz-',
    limits: { snapshotPollMs: 60_000, snapshotTimeoutMs: 5_000 },
    log: (event, fields) => {
      if (event === 'edge_request_failed') failures.push(JSON.stringify(fields));
    },
  });
});
afterAll(async () => {
  await edge?.close();
  await api?.close();
});

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/** `section=dialplan` as the edge reads it: the first `section` field. */
function asksDialplan(body: string): boolean {
  const match = /(?:^|&)section=([^&]*)/.exec(body);
  return match?.[1] === 'dialplan';
}

describe('the edge under malformed requests', () => {
  it('answers every mutated capture with a well-formed document, never a failure', async () => {
    // The London base authorizes and bridges unmutated (mutations then reach past identify).
    const base = await fetch(`${edge.url}/freeswitch/xml`, {
      method: 'POST',
      body: encode(captures()[3] as Field[]),
    });
    expect(await base.text()).toContain('application="bridge"');
    const seen = { dialplan: 0 };
    await fc.assert(
      fc.asyncProperty(requestBody, async (body) => {
        const response = await fetch(`${edge.url}/freeswitch/xml`, { method: 'POST', body });
        const text = await response.text();
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/xml');
        expect(XMLValidator.validate(text)).toBe(true);
        const document = xml.parse(text) as { document?: { type?: string; section?: unknown } };
        expect(document.document?.type).toBe('freeswitch/xml');
        if (asksDialplan(body)) {
          seen.dialplan += 1;
          expect(text).toMatch(/<section name="dialplan"/);
          expect(text).toMatch(/<action application="[a-z_]+"/);
          expect(text).not.toContain('not found');
        }
      }),
      { numRuns: 250 },
    );
    expect(failures).toEqual([]);
    expect(seen.dialplan).toBeGreaterThan(100);
    const health = await fetch(`${edge.url}/health`);
    expect(health.status).toBe(200);
  });
});
