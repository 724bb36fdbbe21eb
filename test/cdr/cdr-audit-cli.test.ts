// Proves `tollgate cdr parse FILE` on files that are not what they claim: empty, cut short, a
// JSON array or NDJSON with bad documents among good ones, err-log-dir files with a BOM and CRLF,
// binary garbage, huge files, XML with a DOCTYPE (an entity is neither expanded nor fetched: a
// local HTTP server and a secret file stay untouched), CDATA, bad base64. Each gets its exact
// exit code and report; the good CDRs of a file with a bad document still come out, in order.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../freeswitch/fixtures';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'tollgate-cdr-audit-cli-'));
const WILD = join(process.cwd(), 'test', 'fixtures', 'wild-freeswitch');

const UUID_2014 = '86cfd6e2-dbda-45a3-b59d-f683ec368e8b';
const UUID_2015 = 'e3133bf7-dcde-4daf-9663-9a79ffcef5ad';
const UUID_2018 = '3da8bf84-c133-4959-9e24-e72875cb33a1';
const XML_UUID = 'c0ffee00-1234-4abc-8def-0123456789ab';

const oneLine = (name: string) => JSON.stringify(JSON.parse(readFixture(name)));
const LINE_2014 = oneLine('json-cdr-answered-2014-fs1.4-cgrates.json');
const LINE_2015 = oneLine('json-cdr-answered-2015-fs1.4-cgrates.json');
const JSON_2018 = readFixture('json-cdr-answered-2018-fs1.6plus-cgrates.json');
const XML = readFileSync(join(WILD, 'xml-cdr-aleg-textxml-ipv6-transfer-fs1.10.xml'), 'utf8');
const XML_CALLER = '<caller_id_number>1004</caller_id_number><network_addr>2001:db8:85a3::8a2e';

interface Outcome {
  readonly code: number;
  readonly lines: Record<string, unknown>[];
}

async function parse(text: string | Buffer, name = 'cdr.txt'): Promise<Outcome> {
  const path = join(work, name);
  writeFileSync(path, text);
  return parseFile(path);
}

async function parseFile(path: string): Promise<Outcome> {
  const options = { encoding: 'utf8' as const, maxBuffer: 64 * 1024 * 1024 };
  const done = await run(process.execPath, ['cli/bin.mjs', 'cdr', 'parse', path], options).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  const lines = done.stdout.split('\n').filter(Boolean);
  return { code: done.code, lines: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const error = (code: string, message: string, at?: string) => ({
  error: at === undefined ? { code, message } : { code, message, at },
});
const uuids = (outcome: Outcome) => outcome.lines.map((line) => line.uuid ?? line.error);

/** The XML fixture with the A-leg's newest caller profile number replaced by `number`. */
const xmlWithCaller = (number: string, prolog = '') =>
  XML.replace('<?xml version="1.0"?>\n', `<?xml version="1.0"?>\n${prolog}`).replace(
    XML_CALLER,
    XML_CALLER.replace('1004', number),
  );

describe('cdr parse: empty and cut-short files', () => {
  it.each([
    ['an empty file', ''],
    ['blank lines', ' \r\n\n\t\n'],
    ['a BOM alone', '\uFEFF\r\n'],
  ])('%s: exit 1, empty_document', async (_, text) => {
    expect(await parse(text)).toEqual({ code: 1, lines: [error('empty_document', 'the document is empty')] });
  });

  it('JSON cut after 300 characters names line 1, column 301', async () => {
    expect(await parse(LINE_2014.slice(0, 300))).toEqual({
      code: 1,
      lines: [error('invalid_json', 'Unterminated string in JSON at position 300 (line 1, column 301)')],
    });
  });

  it('pretty-printed JSON cut short names the line and column in the file, past leading blank lines', async () => {
    const pretty = `\n\n${JSON.stringify(JSON.parse(LINE_2014), null, 2)}`;
    const cut = pretty.slice(0, pretty.indexOf('"caller_id_number"') + 10);
    const lines = cut.split('\n');
    const end = `line ${lines.length}, column ${lines[lines.length - 1]!.length + 1}`;
    // The parser counts from the document's first brace; the report counts the file's lines.
    expect(await parse(cut)).toEqual({
      code: 1,
      lines: [error('invalid_json', `Unterminated string in JSON at position ${cut.length - 2} (${end})`)],
    });
  });

  it('XML cut short names its unclosed tags and where it ends', async () => {
    const cut = XML.slice(0, XML.indexOf('<billsec>') + 4);
    expect(await parse(cut, 'cut.cdr.xml')).toEqual({
      code: 1,
      lines: [error('invalid_xml', `the document ends inside unclosed tags cdr > variables > bil (line 2, column ${cut.length - 21})`)],
    });
  });

  it('mod_xml_cdr files concatenated (declaration line, one-line <cdr>): the good CDR out, the cut one named', async () => {
    const cut = XML.slice(0, XML.indexOf('<billsec>'));
    const text = `${XML.trimEnd()}\n\n${cut}\n`;
    const line = text.split('\n').length - 1;
    const outcome = await parse(text, 'two.cdr.xml');
    expect(outcome.code).toBe(1);
    expect(uuids(outcome)).toEqual([
      XML_UUID,
      {
        code: 'invalid_xml',
        message: `the document ends inside unclosed tags cdr > variables (line ${line}, column ${cut.split('\n')[1]!.length + 1})`,
        at: `line ${line}`,
      },
    ]);
  });

  it('XML with a raw & names line and column; the XML declaration alone on a line is not a document', async () => {
    const broken = XML.replace(XML_CALLER, XML_CALLER.replace('1004', '10&04'));
    const column = broken.split('\n')[1]!.indexOf('10&04') + 3;
    expect(await parse(broken, 'amp.cdr.xml')).toEqual({
      code: 1,
      lines: [error('invalid_xml', `char '&' is not expected. (line 2, column ${column})`)],
    });
    // Blank lines above the document move the place the report names in the file, not in the XML.
    expect((await parse(`\r\n\n${broken}`, 'amp2.cdr.xml')).lines).toEqual([
      error('invalid_xml', `char '&' is not expected. (line 4, column ${column})`),
    ]);
  });
});

describe('cdr parse: several documents in one file', () => {
  it('NDJSON with a cut line in the middle: both good CDRs, then exit 1 naming line 2 and its column', async () => {
    const outcome = await parse(`${LINE_2014}\n{"variables":{"uuid":"x"\n${LINE_2015}\n`, 'spool.jsonl');
    expect(outcome.code).toBe(1);
    expect(uuids(outcome)).toEqual([
      UUID_2014,
      { code: 'invalid_json', message: "Expected ',' or '}' after property value in JSON at position 24 (line 2, column 25)", at: 'line 2' },
      UUID_2015,
    ]);
  });

  it('NDJSON with a garbage line and a CDR missing its times: each named by its line, the good ones kept', async () => {
    const text = `${LINE_2014}\r\n\r\ngarbage here\r\n{"variables":{"uuid":"u-1"}}\r\n${LINE_2015}\r\n`;
    const outcome = await parse(text, 'spool.jsonl');
    expect(outcome.code).toBe(1);
    expect(uuids(outcome)).toEqual([
      UUID_2014,
      { code: 'unknown_format', message: 'the document is neither JSON nor XML, raw, URL-encoded or base64', at: 'line 3' },
      { code: 'missing_field', message: 'the CDR has no start_epoch', at: 'line 4' },
      UUID_2015,
    ]);
  });

  it('NDJSON with CRLF line ends and a BOM: exit 0, both CDRs', async () => {
    const outcome = await parse(`\uFEFF${LINE_2014}\r\n${LINE_2015}\r\n`, 'crlf.jsonl');
    expect([outcome.code, outcome.lines.map((cdr) => [cdr.uuid, cdr.billsec])]).toEqual([
      0,
      [[UUID_2014, 15], [UUID_2015, 66]],
    ]);
  });

  it('pretty-printed documents one after another (files concatenated), with junk and a cut one between', async () => {
    const pretty = (line: string) => JSON.stringify(JSON.parse(line), null, 2);
    const first = pretty(LINE_2014);
    const second = pretty(LINE_2015);
    const cut = second.slice(0, 40);
    const text = `${first}\njunk line\n${second}{"x"\n${first.replace(UUID_2014, 'u-3')}\n${cut}`;
    const lines = text.split('\n');
    const lineOf = (part: string) => text.slice(0, text.indexOf(part)).split('\n').length;
    const outcome = await parse(text, 'cat.json');
    const afterSecond = second.split('\n').at(-1)!.length + 1;
    const endOfCut = `line ${lines.length}, column ${cut.split('\n').at(-1)!.length + 1}`;
    expect(outcome.code).toBe(1);
    expect(uuids(outcome)).toEqual([
      UUID_2014,
      { code: 'unknown_format', message: 'the document is neither JSON nor XML, raw, URL-encoded or base64', at: `line ${lineOf('junk')}` },
      UUID_2015,
      {
        code: 'invalid_json',
        message: `Expected ':' after property name in JSON at position 4 (line ${lineOf('{"x"')}, column ${afterSecond + 4})`,
        at: `line ${lineOf('{"x"')}`,
      },
      'u-3',
      { code: 'invalid_json', message: `Unterminated string in JSON at position 40 (${endOfCut})`, at: `line ${lines.length - cut.split('\n').length + 1}` },
    ]);
  });

  it('a JSON array with a bad element: the good ones, the bad one named by its index', async () => {
    const outcome = await parse(`[${LINE_2014},{"foo":1},${LINE_2015}]`, 'export.json');
    expect(outcome.code).toBe(1);
    expect(uuids(outcome)).toEqual([
      UUID_2014,
      { code: 'not_a_cdr', message: 'the JSON document has no variables object', at: 'element 1' },
      UUID_2015,
    ]);
  });

  it('a JSON array of document texts (XML, base64 err-log): each read like an imported document', async () => {
    const base64 = Buffer.from(JSON_2018).toString('base64');
    const outcome = await parse(JSON.stringify([XML, base64, 'cdr=%%%']), 'documents.json');
    expect(outcome.code).toBe(1);
    expect(uuids(outcome)).toEqual([
      XML_UUID,
      UUID_2018,
      { code: 'unknown_format', message: 'the document is neither JSON nor XML, raw, URL-encoded or base64', at: 'element 2' },
    ]);
  });

  it('an array of numbers, nulls and arrays names each type; an empty array is reported, not silent', async () => {
    expect(uuids(await parse('[1, null, [], true]', 'junk.json'))).toEqual([
      { code: 'not_a_cdr', message: 'a number, not a CDR object or document text', at: 'element 0' },
      { code: 'not_a_cdr', message: 'null, not a CDR object or document text', at: 'element 1' },
      { code: 'not_a_cdr', message: 'an array, not a CDR object or document text', at: 'element 2' },
      { code: 'not_a_cdr', message: 'a boolean, not a CDR object or document text', at: 'element 3' },
    ]);
    expect(await parse(' [ ]\n', 'empty.json')).toEqual({
      code: 1,
      lines: [error('empty_document', 'the JSON array holds no CDR')],
    });
  });

  it('a JSON array cut short names line and column (nothing in it can be trusted)', async () => {
    const text = `[\n${LINE_2014},\n${LINE_2015.slice(0, 50)}`;
    expect(await parse(text, 'cut-export.json')).toEqual({
      code: 1,
      lines: [error('invalid_json', `Unterminated string in JSON at position ${text.length} (line 3, column 51)`)],
    });
  });
});

describe('cdr parse: err-log-dir files and encodings', () => {
  it('a CDR whose exporter wrote numbers as JSON numbers is read like FreeSWITCH strings', async () => {
    const numbers = {
      variables: { uuid: 'n-1', start_epoch: 1700000000, answer_epoch: 1700000005, end_epoch: 1700000065, billsec: 60, accountcode: 1001 },
      callflow: { caller_profile: { caller_id_number: 15551230001, destination_number: 442071234567, context: 'default' } },
    };
    expect((await parse(JSON.stringify(numbers), 'numbers.json')).lines).toMatchObject([
      { uuid: 'n-1', accountCode: '1001', caller: '15551230001', callee: '442071234567', billsec: 60, answeredAtEpochMs: 1700000005000 },
    ]);
  });


  it('base64 wrapped at 76 with CRLF and a BOM, and URL-encoded with a BOM and CRLF: exit 0', async () => {
    const wrapped = Buffer.from(JSON_2018).toString('base64').replace(/.{76}/g, '$&\r\n');
    const base64 = await parse(`\uFEFF${wrapped}\r\n`, `a_${UUID_2018}.cdr.json`);
    const url = await parse(`\uFEFF${encodeURIComponent(JSON_2018)}\r\n`, `b_${UUID_2018}.cdr.json`);
    for (const outcome of [base64, url]) {
      expect([outcome.code, outcome.lines]).toMatchObject([0, [{ uuid: UUID_2018, billsec: 68 }]]);
    }
  });

  it('a file saved as UTF-16 (either byte order, with its BOM) is read like its UTF-8 text', async () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${LINE_2014}\r\n${LINE_2015}\r\n`, 'utf16le')]);
    const big = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JSON_2018, 'utf16le').swap16()]);
    expect(uuids(await parse(little, 'utf16le.jsonl'))).toEqual([UUID_2014, UUID_2015]);
    expect(uuids(await parse(big, 'utf16be.json'))).toEqual([UUID_2018]);
  });

  it('a directory is file_not_readable, exit 1', async () => {
    expect(await parseFile(work)).toEqual({
      code: 1,
      lines: [error('file_not_readable', 'EISDIR: illegal operation on a directory, read')],
    });
  });

  it('bad base64: a cut payload is invalid_base64, one with foreign characters is unknown_format', async () => {
    const base64 = Buffer.from(JSON_2018).toString('base64');
    expect(await parse(base64.slice(0, 1001))).toEqual({
      code: 1,
      lines: [error('invalid_base64', 'the base64 payload does not decode')],
    });
    expect((await parse(`cdr=${base64.replace(/A/g, '*')}`)).lines).toEqual([
      error('unknown_format', 'the document is neither JSON nor XML, raw, URL-encoded or base64'),
    ]);
  });

  it('binary garbage, NUL bytes and a bare cdr= are unknown_format, exit 1', async () => {
    const garbage = Buffer.alloc(4096, 0);
    for (let index = 0; index < garbage.length; index += 1) garbage[index] = (index * 7919 + 13) % 256;
    for (const body of [garbage, Buffer.from([0, 0, 0]), 'cdr=']) {
      expect(await parse(body)).toEqual({
        code: 1,
        lines: [error('unknown_format', 'the document is neither JSON nor XML, raw, URL-encoded or base64')],
      });
    }
  });

  it('huge: a 17 MB file is refused before it is read, a 5 M-character document by the parser', async () => {
    const sparse = join(work, 'huge.bin');
    writeFileSync(sparse, '');
    truncateSync(sparse, 17_000_000);
    expect(await parseFile(sparse)).toEqual({
      code: 1,
      lines: [error('document_too_large', `${sparse} has 17000000 bytes`)],
    });
    const padded = JSON.parse(JSON_2018) as { variables: Record<string, string> };
    padded.variables.pad = 'x'.repeat(5_000_000);
    const text = JSON.stringify(padded);
    expect(await parse(text, 'big.json')).toEqual({
      code: 1,
      lines: [error('document_too_large', `the document has ${text.length} characters; the limit is 4194304`)],
    });
  });
});

describe('cdr parse: XML entities, DOCTYPE and CDATA', () => {
  const refused = (line: number) =>
    error('invalid_xml', `a CDR has no DOCTYPE; its entities are not expanded (line ${line}, column 1)`);

  it('an internal entity is not expanded into the caller: the document is refused', async () => {
    const text = xmlWithCaller('&who;', '<!DOCTYPE cdr [<!ENTITY who "6666">]>\n');
    expect(await parse(text, 'entity.cdr.xml')).toEqual({ code: 1, lines: [refused(2)] });
  });

  it('an external entity (file or HTTP) is never read or fetched', async () => {
    const secret = join(work, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-9731');
    let requests = 0;
    const server = createServer((_, response) => {
      requests += 1;
      response.end('6666');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const doctype = `<!DOCTYPE cdr [<!ENTITY f SYSTEM "file://${secret}"><!ENTITY h SYSTEM "http://127.0.0.1:${port}/x">]>\n`;
    const outcome = await parse(xmlWithCaller('&f;&h;', doctype), 'xxe.cdr.xml');
    server.close();
    expect(outcome).toEqual({ code: 1, lines: [refused(2)] });
    expect(JSON.stringify(outcome)).not.toContain('TOP-SECRET');
    expect(requests).toBe(0);
  });

  it('a billion-laughs DOCTYPE is refused at once, and a lower-case doctype too', async () => {
    const levels = ['<!ENTITY a0 "laugh">'];
    for (let level = 1; level <= 9; level += 1) {
      levels.push(`<!ENTITY a${level} "${`&a${level - 1};`.repeat(10)}">`);
    }
    const bomb = await parse(xmlWithCaller('&a9;', `<!DOCTYPE cdr [${levels.join('')}]>\n`), 'lol.cdr.xml');
    expect(bomb).toEqual({ code: 1, lines: [refused(2)] });
    const lower = await parse(xmlWithCaller('1004', '<!doctype cdr>\n'), 'lower.cdr.xml');
    expect(lower).toEqual({ code: 1, lines: [refused(2)] });
  });

  it('CDATA and predefined entities are read as text, never as markup', async () => {
    const cdata = await parse(xmlWithCaller('<![CDATA[10&04<x/>]]>'), 'cdata.cdr.xml');
    const amp = await parse(xmlWithCaller('10&amp;04&lt;'), 'amp.cdr.xml');
    expect([cdata.code, cdata.lines]).toMatchObject([0, [{ uuid: XML_UUID, caller: '10&04<x/>', billsec: 61 }]]);
    expect([amp.code, amp.lines]).toMatchObject([0, [{ uuid: XML_UUID, caller: '10&04<', billsec: 61 }]]);
  });
});
