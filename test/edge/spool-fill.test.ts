// Proves the spool's fill warnings through the edge itself, over HTTP, with the cloud away: past
// `spoolWarnBytes` one `spool_warning` line (level warn, the bytes and the cap) however many CDRs
// follow, and /health says `warning`; at the cap the CDR POST gets 503, one `spool_full` line
// (level error), /health says `full`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../../freeswitch-edge/main';

const CDR = readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch', 'json-cdr-answered-2018-fs1.6plus-cgrates.json'), 'utf8');
const WARN = 40_000;
const CAP = 100_000;

let edge: RunningEdge | undefined;
afterAll(() => edge?.close());

describe('edge spool fill warnings', () => {
  it('logs once per crossing, loudly, and /health follows: ok → warning → full', async () => {
    const lines: { event: string; fields: Record<string, unknown> }[] = [];
    const parsed = parseEdgeConfig({
      listen: '127.0.0.1:0',
      cloudUrl: 'http://127.0.0.1:9',
      apiKey: 'tg_test_key_0123456789',
      dataDir: mkdtempSync(join(tmpdir(), 'edge-fill-')),
      freeswitch: { switchName: 'fs1', domain: 'example.test' },
      limits: { spoolWarnBytes: WARN, spoolCapBytes: CAP },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    edge = await startEdge(parsed.config, (event, fields) => lines.push({ event, fields }));
    const post = async () => (await fetch(`${edge!.url}/freeswitch/cdr`, { method: 'POST', body: CDR })).status;
    const health = async () => ((await (await fetch(`${edge!.url}/health`)).json()) as { spoolHealth: string; spoolUnsentBytes: number });
    const statuses: number[] = [];
    const seen: string[] = [];
    for (let i = 0; i < 200 && statuses.at(-1) !== 503; i += 1) {
      statuses.push(await post());
      const now = await health();
      if (seen.at(-1) !== now.spoolHealth) seen.push(now.spoolHealth);
    }
    expect(seen).toEqual(['ok', 'warning', 'full']);
    expect(statuses.filter((status) => status === 503)).toEqual([503]);
    const fillEvents = new Set(['spool_warning', 'spool_warning_cleared', 'spool_full', 'spool_full_cleared']);
    const loud = lines.filter((line) => fillEvents.has(line.event));
    expect(loud.map((line) => [line.event, line.fields.level])).toEqual([['spool_warning', 'warn'], ['spool_full', 'error']]);
    expect(loud[0]?.fields).toMatchObject({ warnBytes: WARN, capBytes: CAP });
    expect(Number(loud[0]?.fields.unsentBytes)).toBeGreaterThanOrEqual(WARN);
    expect(String(loud[0]?.fields.message)).toContain(`past the warning mark of ${WARN}`);
    expect(await post()).toBe(503);
    expect(lines.filter((line) => line.event === 'spool_full')).toHaveLength(1);
  });
});
