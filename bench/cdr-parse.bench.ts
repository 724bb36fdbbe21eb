/**
 * `cdr.parse`: documents per second through `parseCdr` (envelope, parse, normalize) for the
 * forms the edge receives: raw JSON as mod_json_cdr posts it by default (one line, v1.10 with
 * encode-values on), pre-1.6 JSON with duplicate callflow keys (the scanning parser), and
 * mod_xml_cdr XML. Batches of documents are timed, never single calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCdr } from '../core/freeswitch/parse-cdr';
import { legDocumentFromJson, toXmlCdr } from '../test/freeswitch-emulator/cdr-documents';
import { timeBatches, type BenchRow, type BenchSuite } from './harness';

const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch');
const BATCHES = 60;
const PER_BATCH = 200;

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function parseOrThrow(body: string): void {
  const result = parseCdr(body);
  if (!result.ok) throw new Error(`bench input does not parse: ${result.code}`);
}

const suite: BenchSuite = {
  name: 'cdr.parse',
  async run(): Promise<readonly BenchRow[]> {
    const modern = fixture('json-cdr-unanswered-aleg-originator-cancel-2025-fs1.10.json');
    const json = JSON.stringify(JSON.parse(modern));
    const duplicateKeys = fixture('json-cdr-answered-2014-fs1.4-cgrates.json');
    const xml = toXmlCdr(legDocumentFromJson(modern));
    const rows: BenchRow[] = [];
    for (const [name, body] of [
      ['cdr.parse.json', json],
      ['cdr.parse.json_duplicate_callflow', duplicateKeys],
      ['cdr.parse.xml', xml],
    ] as const) {
      parseOrThrow(body);
      rows.push(
        await timeBatches(name, BATCHES, PER_BATCH, () => {
          for (let index = 0; index < PER_BATCH; index += 1) parseCdr(body);
        }),
      );
    }
    return rows;
  },
};

export default suite;
