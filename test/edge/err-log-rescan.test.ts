// Proves the edge picks up CDR files FreeSWITCH writes to its err-log-dir while the edge runs
// (not only those left there before a start): a file written after start is spooled within
// `errLogRescanMs` and moved to `done/`; garbage written then goes to `rejected/` with a reason.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../../freeswitch-edge/main';

const CDR = readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch', 'json-cdr-answered-2018-fs1.6plus-cgrates.json'), 'utf8');

let edge: RunningEdge | undefined;
afterAll(() => edge?.close());

async function until(check: () => boolean, guardMs: number): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('err-log-dir rescan while the edge runs', () => {
  it('spools files written after start and moves them aside', async () => {
    const errLogDir = mkdtempSync(join(tmpdir(), 'edge-errlog-'));
    mkdirSync(errLogDir, { recursive: true });
    const parsed = parseEdgeConfig({
      listen: '127.0.0.1:0',
      cloudUrl: 'http://127.0.0.1:9',
      apiKey: 'tg_test_key_0123456789',
      dataDir: mkdtempSync(join(tmpdir(), 'edge-rescan-')),
      freeswitch: { switchName: 'fs1', domain: 'example.test', errLogDir },
      limits: { errLogRescanMs: 200 },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const lines: string[] = [];
    edge = await startEdge(parsed.config, (event) => lines.push(event));
    const depthAtStart = edge.health().spoolDepth;
    // Written as FreeSWITCH names them, after the start's scan; the garbage one cannot parse.
    writeFileSync(join(errLogDir, 'a_7f3d.cdr.json'), CDR);
    writeFileSync(join(errLogDir, 'b_8e4c.cdr.json'), '{"not": ');
    const moved = () =>
      existsSync(join(errLogDir, 'done', 'a_7f3d.cdr.json')) &&
      readdirSync(join(errLogDir, 'rejected')).some((name) => name.startsWith('b_8e4c.cdr.json'));
    await until(moved, 10_000);
    expect(moved()).toBe(true);
    // Both reach the spool (the unreadable one raw, for the cloud's unrated store).
    expect(edge.health().spoolDepth).toBe(depthAtStart + 2);
    expect(readdirSync(errLogDir).filter((name) => name.endsWith('.cdr.json'))).toEqual([]);
    expect(lines.filter((event) => event === 'err_log_dir_drained').length).toBeGreaterThanOrEqual(2);
  });
});
