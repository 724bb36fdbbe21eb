// Proves the err-log-dir pickup against the real cloud: while the edge is down, the FreeSWITCH
// emulator's mod_json_cdr fails to post 500 CDRs and writes them to its err-log-dir; beside
// them lie garbage, a half-written file and one the edge may not read (EACCES: the edge runs as
// `nobody` when the test runs as root). The edge starts, is killed -9 in the middle of the
// pickup, starts again: all 500 are rated exactly once (items, charges, postings), each file is
// in done/; the garbage and the half file in rejected/ with a reason and in the cloud's unrated
// store; the unreadable one in rejected/ naming EACCES, its CDR never shipped; a third start
// finds nothing to do.
import { randomUUID } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';
import { JsonCdrPoster } from '../freeswitch-emulator/json-cdr-poster';
import { chaosCalls, chaosCdrDocument, chaosCdrText, type ChaosCall } from './chaos-cdrs';
import { batchMismatches, cdrItems, chargeChecks, failedChargeChecks, pricedStart } from './cloud-audit';
import { startChaosCloud, type ChaosCloud } from './cloud';
import { EdgeChild, edgeBundle, removeEdgeBundle } from './edge-child';
import { sleep, waitFor, writeEdgeConfig, type EdgeDirs } from './edge-setup';

const FILES = 500;
/** Root reads everything: the edge then runs as `nobody`, so a mode-000 file is truly unreadable. */
const NOBODY = process.getuid?.() === 0 ? 65_534 : undefined;

let cloud: ChaosCloud;
let edge: EdgeChild | undefined;
beforeAll(async () => {
  [cloud] = await Promise.all([startChaosCloud(), edgeBundle()]);
});
afterAll(async () => {
  await edge?.kill9();
  await cloud?.close();
  await removeEdgeBundle();
});

/** FreeSWITCH with the edge down: every POST refused, every CDR written to the err-log-dir. */
async function failToPost(calls: readonly ChaosCall[], port: number, dirs: EdgeDirs): Promise<void> {
  const poster = new JsonCdrPoster({ urls: [`http://127.0.0.1:${port}/freeswitch/cdr`], msPerSecond: 1000, prefixALeg: true, errLogDirs: [dirs.errLogDir] });
  for (let start = 0; start < calls.length; start += 25) {
    const reports = await Promise.all(calls.slice(start, start + 25).map((call) => poster.post(chaosCdrDocument(call), 'a')));
    if (reports.some((report) => report.delivered || report.errFile === null)) throw new Error('a CDR reached a stopped edge');
  }
}

/** The files FreeSWITCH's err-log-dir should never have, and one the edge may not read. */
function strangeFiles(dirs: EdgeDirs, unreadable: ChaosCall): void {
  writeFileSync(join(dirs.errLogDir, 'garbage.cdr.json'), Buffer.from([0xff, 0x00, 0x7b, 0x22, 0x9c]));
  writeFileSync(join(dirs.errLogDir, 'half.cdr.json'), `${chaosCdrText({ ...unreadable, uuid: randomUUID() }).slice(0, 700)}`);
  writeFileSync(join(dirs.errLogDir, 'a_unreadable.cdr.json'), `${chaosCdrText(unreadable)}\n`);
  chmodSync(join(dirs.errLogDir, 'a_unreadable.cdr.json'), 0o000);
  writeFileSync(join(dirs.errLogDir, 'notes.txt'), 'not a CDR file: left alone\n');
}

function ownedByTheEdge(dirs: EdgeDirs): void {
  if (NOBODY === undefined) return;
  for (const path of [dirs.root, dirs.dataDir, dirs.errLogDir]) chownSync(path, NOBODY, NOBODY);
}

describe(`err-log-dir: ${FILES} CDRs FreeSWITCH kept while the edge was down`, () => {
  it('reach the cloud exactly once after start, through a kill -9 mid-pickup; strange files rejected with a reason', async () => {
    // Prepare
    const { answeredAtEpochMs, control, before } = await pricedStart(cloud);
    const port = await freePort();
    const dirs = writeEdgeConfig(mkdtempSync(join(tmpdir(), 'edge-errlog-')), cloud.url, cloud.edgeApiKey, port);
    const calls = chaosCalls(FILES, answeredAtEpochMs);
    const unreadable = { uuid: randomUUID(), account: 'c1', answeredAtEpochMs };
    await failToPost(calls, port, dirs);
    strangeFiles(dirs, unreadable);
    // Files more than a second old: the pickup does not wait for them to settle.
    await sleep(1_100);
    ownedByTheEdge(dirs);
    edge = new EdgeChild({ configPath: dirs.configPath, uid: NOBODY, gid: NOBODY });
    // Act: start, kill -9 once a fifth of the files are done (the edge listens only after the pickup).
    const firstStart = edge.start().catch((error: Error) => error);
    const done = () => (existsSync(join(dirs.errLogDir, 'done')) ? readdirSync(join(dirs.errLogDir, 'done')).length : 0);
    await waitFor('a fifth of the files picked up', () => done() >= FILES / 5, 60_000, 5);
    await edge.kill9();
    const killedAfter = done();
    await firstStart;
    await edge.start();
    await waitFor('the spool to drain into the cloud', async () => (await edge!.health()).spoolDepth === 0 && cloud.queued().depth === 0, 60_000);
    // Assess: files
    expect(readdirSync(join(dirs.errLogDir, 'done')).length).toBe(FILES);
    expect(readdirSync(dirs.errLogDir).sort()).toEqual(['done', 'notes.txt', 'rejected']);
    const reason = (name: string) => readFileSync(join(dirs.errLogDir, 'rejected', `${name}.reason`), 'utf8');
    expect(reason('garbage.cdr.json')).toMatch(/^not a CDR \(\w+\); spooled raw/);
    expect(reason('half.cdr.json')).toMatch(/^not a CDR \(\w+\); spooled raw/);
    if (NOBODY !== undefined) expect(reason('a_unreadable.cdr.json')).toMatch(/^unreadable: EACCES/);
    expect(existsSync(join(dirs.errLogDir, 'rejected', 'a_unreadable.cdr.json'))).toBe(true);
    // Assess: the cloud
    const items = await cdrItems(cloud);
    const ours = calls.map((call) => items.get(call.uuid));
    expect(ours.filter((item) => item?.status !== 'rated').length, 'CDRs not rated').toBe(0);
    expect(items.has(unreadable.uuid)).toBe(false);
    const malformed = [...items.values()].filter((item) => item.status === 'unrated' && item.reason === 'malformed');
    expect(malformed.length).toBeGreaterThanOrEqual(2);
    expect((await Promise.all([...before.keys()].map((id) => batchMismatches(cloud, id, items.values())))).flat()).toEqual([]);
    const rated = ours.filter((item) => item !== undefined);
    expect(failedChargeChecks(await chargeChecks(cloud, before, rated, control))).toEqual([]);
    // A third start finds nothing left to pick up.
    await edge.stop();
    await edge.start();
    expect(edge.logs.filter((line) => line.event === 'err_log_dir_drained').at(-1)).toMatchObject({ spooled: 0, done: 0, rejected: 0 });
    console.log(JSON.stringify({ suite: 'edge-err-log-dir', files: FILES, doneWhenKilled: killedAfter, runAs: NOBODY ?? 'self' }));
    await edge.stop();
    // Kept for a look when an assertion failed above; thousands of small files otherwise.
    rmSync(dirs.root, { recursive: true, force: true });
  }, 180_000);
});
