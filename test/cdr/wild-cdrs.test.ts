// Proves CDRs shaped like ones seen in the wild (test/fixtures/wild-freeswitch/README.md says what
// real source each follows) are read right: parseCdr gives each one's exact uuid, call, leg, times,
// billsec, parties and account key; and the edge's receive path — FreeSWITCH's POST with the
// content type of its `encode` setting, and a file it left in err-log-dir — ships the same CDRs
// to the cloud, the unreadable one raw with its reason.
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EdgeCdr } from '../../core/cdr/edge-cdr';
import { identifyAccount } from '../../core/freeswitch/account-identification';
import type { NormalizedCdr } from '../../core/freeswitch/normalized-cdr';
import { parseCdr, parseRawCdr } from '../../core/freeswitch/parse-cdr';
import { parseEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../../freeswitch-edge/main';

const WILD_DIR = join(process.cwd(), 'test', 'fixtures', 'wild-freeswitch');
const wild = (name: string) => readFileSync(join(WILD_DIR, name), 'utf8');

const A_LEG = '5e0c2a4b-1f3d-4c6e-8a9b-7d2e1f0a3b4c';
const ERR_LOG_FILE = 'a_b16b00b5-0bad-4cab-8bad-f00dcafe0001.cdr.xml';

interface Case {
  readonly name: string;
  /** The Content-Type FreeSWITCH posts that body with (its module's `encode` setting). */
  readonly contentType: string;
  readonly cdr: Partial<NormalizedCdr>;
  readonly account: ReturnType<typeof identifyAccount>;
}

const CASES: readonly Case[] = [
  {
    name: 'json-cdr-aleg-bridged-encoded-values-fs1.10.json',
    contentType: 'application/json',
    cdr: {
      uuid: A_LEG, callUuid: A_LEG, leg: 'a', direction: 'inbound', caller: '15551230001', callee: '442079460000', context: 'default',
      authUser: '1001', sourceIp: '192.0.2.10', startedAtEpochMs: 1700000000123, answeredAtEpochMs: 1700000004523,
      endedAtEpochMs: 1700000130003, billsec: 126, billmsec: 125480, hangupCause: 'NORMAL_CLEARING', hangupCauseQ850: 16,
      otherLegUuid: '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a',
      tollgate: { contract: '1', account: 'c1', rateGroup: 'rg-r1', deckVersion: 'f3385c6c7bebc255', prefix: '4420',
        lease: 'c8fd8e8a-8984-4a54-bc24-c51641db48d9', maxSeconds: 2222, edge: 'fs1' },
    },
    account: { ok: true, key: { source: 'tollgate_account', accountId: 'c1' } },
  },
  {
    name: 'json-cdr-bleg-form-urlencoded-fs1.10.txt',
    contentType: 'application/x-www-form-urlencoded',
    cdr: {
      uuid: '8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a', callUuid: A_LEG, leg: 'b', direction: 'outbound', caller: '15551230001',
      callee: '442079460000', startedAtEpochMs: 1700000000135, answeredAtEpochMs: 1700000004523, endedAtEpochMs: 1700000130003,
      billsec: 126, billmsec: 125480, hangupCause: 'NORMAL_CLEARING', otherLegUuid: A_LEG, gateway: null,
      tollgate: { contract: '1', account: 'c1', rateGroup: 'rg-r1', prefix: '4420', lease: 'c8fd8e8a-8984-4a54-bc24-c51641db48d9',
        edge: 'fs1', trunk: 't1', routePrefix: '44' },
    },
    account: { ok: true, key: { source: 'tollgate_account', accountId: 'c1' } },
  },
  {
    name: 'json-cdr-aleg-transferred-two-callflows-fs1.6.json',
    contentType: 'application/json',
    cdr: {
      uuid: '0b9d8c7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e', leg: 'a', caller: '15551230001', callee: '442079460000', context: 'default',
      authUser: null, sourceIp: '192.168.56.1', startedAtEpochMs: 1500000000000, answeredAtEpochMs: 1500000012500,
      endedAtEpochMs: 1500000073900, billsec: 61, billmsec: 61400, gateway: 'carrier-one',
      otherLegUuid: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', tollgate: null,
    },
    account: { ok: true, key: { source: 'account_code', accountCode: 'c1' } },
  },
  {
    name: 'json-cdr-aleg-refused-base64-fs1.10.txt',
    contentType: 'application/x-www-form-base64-encoded',
    cdr: {
      uuid: '6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2f1e', leg: 'a', caller: '1003', callee: '447700900123', answeredAtEpochMs: null,
      startedAtEpochMs: 1700000600000, endedAtEpochMs: 1700000600041, billsec: 0, billmsec: 0, hangupCause: 'CALL_REJECTED',
      hangupCauseQ850: 21, otherLegUuid: null, tollgate: { account: 'c1', reason: 'insufficient_funds' },
    },
    account: { ok: true, key: { source: 'tollgate_account', accountId: 'c1' } },
  },
  {
    name: 'json-cdr-bleg-busy-unanswered-fs1.10.json',
    contentType: 'application/json',
    cdr: {
      uuid: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d', callUuid: A_LEG, leg: 'b', direction: 'outbound', answeredAtEpochMs: null,
      billsec: 0, billmsec: 0, hangupCause: 'USER_BUSY', hangupCauseQ850: 17, sourceIp: '198.51.100.11', otherLegUuid: A_LEG,
      tollgate: { account: 'c1', trunk: 't1', routePrefix: '44' },
    },
    account: { ok: true, key: { source: 'tollgate_account', accountId: 'c1' } },
  },
  {
    name: 'xml-cdr-aleg-textxml-ipv6-transfer-fs1.10.xml',
    contentType: 'text/xml',
    cdr: {
      uuid: 'c0ffee00-1234-4abc-8def-0123456789ab', leg: 'a', caller: '1004', callee: '442079460000', context: 'default',
      authUser: '1004', authRealm: '172.31.2.115', sourceIp: '2001:db8:85a3::8a2e:370:7334', startedAtEpochMs: 1700000700000,
      answeredAtEpochMs: 1700000708250, endedAtEpochMs: 1700000769500, billsec: 61, billmsec: 61250,
      tollgate: { contract: '1', account: 'c1', prefix: '4420' },
    },
    account: { ok: true, key: { source: 'tollgate_account', accountId: 'c1' } },
  },
  {
    name: 'xml-cdr-aleg-form-plaintext-fs1.10.txt',
    contentType: 'application/x-www-form-plaintext',
    cdr: {
      uuid: 'c0ffee00-1234-4abc-8def-0123456789ac', leg: 'a', caller: '1004', callee: '442079460000', context: 'default',
      sourceIp: '2001:db8:85a3::8a2e:370:7334', billsec: 61, billmsec: 61250,
    },
    account: { ok: true, key: { source: 'tollgate_account', accountId: 'c1' } },
  },
  {
    name: 'xml-cdr-bleg-form-double-encoded-fs1.4.txt',
    contentType: 'application/x-www-form-urlencoded',
    cdr: {
      uuid: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', callUuid: '4b3a2f1e-0d9c-4b8a-9f7e-6d5c4b3a2f1e', leg: 'b', direction: 'outbound',
      caller: '15551230002', callee: '442079460000', accountCode: 'c2', startedAtEpochMs: 1400000000135,
      answeredAtEpochMs: 1400000004523, endedAtEpochMs: 1400000130003, billsec: 126, billmsec: 125480, gateway: 'carrier-one',
      otherLegUuid: '4b3a2f1e-0d9c-4b8a-9f7e-6d5c4b3a2f1e', tollgate: null,
    },
    account: { ok: true, key: { source: 'account_code', accountCode: 'c2' } },
  },
  {
    name: 'json-cdr-aleg-form-double-encoded-duplicate-callflows-fs1.4.txt',
    contentType: 'application/x-www-form-urlencoded',
    cdr: {
      uuid: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', leg: 'a', caller: '15551230004', callee: '442079460000', context: 'default',
      accountCode: 'c4', sourceIp: '192.168.1.100', startedAtEpochMs: 1420000000250, answeredAtEpochMs: 1420000006750,
      endedAtEpochMs: 1420000036900, billsec: 30, billmsec: 30150, otherLegUuid: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', tollgate: null,
    },
    account: { ok: true, key: { source: 'account_code', accountCode: 'c4' } },
  },
];

const ERR_LOG_CDR: Partial<NormalizedCdr> = {
  uuid: 'b16b00b5-0bad-4cab-8bad-f00dcafe0001', callUuid: 'b16b00b5-0bad-4cab-8bad-f00dcafe0001', leg: 'a', caller: '1010',
  callee: '1011', authUser: '1010', authRealm: 'domain1.awesomevoipdomain.faketld', answeredAtEpochMs: null,
  startedAtEpochMs: 1700000800000, endedAtEpochMs: 1700000830020, billsec: 0, billmsec: 0, hangupCause: 'NO_ANSWER', hangupCauseQ850: 19,
};

describe('parseCdr on CDRs from the wild', () => {
  it.each(CASES)('$name', ({ name, cdr, account }) => {
    const parsed = parseCdr(wild(name));
    if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.message}`);
    expect(parsed.value).toMatchObject(cdr);
    expect(identifyAccount(parsed.value)).toEqual(account);
  });

  it.each([
    ['json-cdr-aleg-bridged-encoded-values-fs1.10.json', 'sip_h_X-Client-Ref', 'order #4411; prio=high'],
    ['json-cdr-aleg-form-double-encoded-duplicate-callflows-fs1.4.txt', 'caller_id', '"Branch 4" <15551230004>'],
    ['xml-cdr-aleg-textxml-ipv6-transfer-fs1.10.xml', 'sip_h_X-Dept', 'Sales & Support'],
    ['xml-cdr-aleg-textxml-ipv6-transfer-fs1.10.xml', 'nolocal:execute_on_answer', 'sched_hangup +600 ALLOTTED_TIMEOUT'],
    ['xml-cdr-bleg-form-double-encoded-fs1.4.txt', 'sip_from_uri', '15551230002@172.31.2.115'],
  ])('%s: variable %s decoded exactly once', (name, variable, expected) => {
    const raw = parseRawCdr(wild(name));
    if (!raw.ok) throw new Error(`${raw.code}: ${raw.message}`);
    expect(raw.value.variables[variable]).toBe(expected);
  });

  it('the err-log-dir file (a_ prefix, URL-encoded, no cdr=): the unanswered A-leg, its digest user the account key', () => {
    const parsed = parseCdr(wild(ERR_LOG_FILE));
    if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.message}`);
    expect(parsed.value).toMatchObject(ERR_LOG_CDR);
    expect(identifyAccount(parsed.value)).toEqual({
      ok: true, key: { source: 'auth_user', user: '1010', realm: 'domain1.awesomevoipdomain.faketld' },
    });
  });

  it('empty variables: a typed error naming the missing field, not a CDR with zeros', () => {
    expect(parseCdr(wild('json-cdr-empty-variables.json'))).toEqual({
      ok: false, code: 'missing_field', message: 'the CDR has no start_epoch',
    });
  });
});

/** The cloud's `/edge/cdrs` route, reduced to recording what it accepts. */
async function recordingCloud() {
  const received: EdgeCdr[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url !== '/edge/cdrs') return void response.writeHead(404).end();
      received.push(...(JSON.parse(body) as { cdrs: EdgeCdr[] }).cdrs);
      response.writeHead(202).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => server.close() };
}

let edge: RunningEdge | undefined;
afterAll(async () => edge?.close());

describe('the edge receiving CDRs from the wild', () => {
  it('spools every POST and the err-log-dir file, and ships them parsed as parseCdr reads them', async () => {
    const cloud = await recordingCloud();
    const errLogDir = mkdtempSync(join(tmpdir(), 'edge-wild-err-'));
    copyFileSync(join(WILD_DIR, ERR_LOG_FILE), join(errLogDir, ERR_LOG_FILE));
    const parsed = parseEdgeConfig({
      listen: '127.0.0.1:0', cloudUrl: cloud.url, apiKey: 'tg_test_key_0123456789',
      dataDir: mkdtempSync(join(tmpdir(), 'edge-wild-cdr-')),
      freeswitch: { switchName: 'fs1', domain: '172.31.2.115', errLogDir }, limits: { sendBatchAgeMs: 0 },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    edge = await startEdge(parsed.config, () => undefined);
    const posts = [...CASES, { name: 'json-cdr-empty-variables.json', contentType: 'application/json' }];
    for (const { name, contentType } of posts) {
      const response = await fetch(`${edge.url}/freeswitch/cdr?uuid=${name}`, {
        method: 'POST', body: wild(name), headers: { 'content-type': contentType, 'user-agent': 'freeswitch-json/1.0' },
      });
      expect(response.status, name).toBe(200);
    }
    for (let i = 0; i < 200 && cloud.received.length < posts.length + 1; i += 1) await new Promise((r) => setTimeout(r, 25));
    cloud.close();
    const byUuid = new Map(cloud.received.flatMap((r) => (r.kind === 'parsed' ? [[r.cdr.uuid, r]] : [])));
    for (const { name, cdr } of CASES) {
      expect(byUuid.get(cdr.uuid!), name).toMatchObject({ kind: 'parsed', source: 'http', cdr });
    }
    expect(byUuid.get(ERR_LOG_CDR.uuid!)).toMatchObject({ kind: 'parsed', cdr: ERR_LOG_CDR });
    const raw = cloud.received.filter((r) => r.kind === 'unparsed');
    expect(raw).toMatchObject([{ kind: 'unparsed', error: { code: 'missing_field' }, raw: wild('json-cdr-empty-variables.json') }]);
    expect(cloud.received).toHaveLength(posts.length + 1);
    expect(existsSync(join(errLogDir, 'done', ERR_LOG_FILE))).toBe(true);
  });
});
