// Proves the `tollgate route` contract in-process (through cli/main): the exact JSON shape, LCR
// and cost order, no-loss at 60 s and at --max-seconds, strip/prepend, errors and exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main';

const work = mkdtempSync(join(tmpdir(), 'tollgate-route-'));
const ASTPP_TERMINATION =
  'Code,Destination,Connect Cost,Included Seconds,Per Minute Cost,Initial Increment,Increment,Precedence,Strip,Prepend';

function file(name: string, lines: readonly string[]): string {
  const path = join(work, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function tollgate(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTty: false });
  return { code, stderr, json: stdout === '' ? null : (JSON.parse(stdout) as Record<string, unknown>) };
}

// Sell: 44 at 0.060/min (60/60); 447 at connect 0.020 + 0.150/min (30/6).
const sell = file('sell.csv', [
  'Code,Destination,Connect Cost,Included Seconds,Per Minute Cost,Initial Increment,Increment',
  '44,UK,0,0,0.0600,60,60',
  '447,UK Mobile,0.0200,0,0.1500,30,6',
]);
const alpha = file('alpha.csv', [ASTPP_TERMINATION, '44,UK,0,0,0.0100,1,1,0,,', '447,UK Mobile,0,0,0.0900,1,1,0,44,0044']);
const beta = file('beta.csv', [ASTPP_TERMINATION, '4477,UK Mobile V,0,0,0.1200,1,1,0,,9#', '44,UK,0.01,0,0.0050,1,1,1,,']);
const gamma = file('gamma.csv', [ASTPP_TERMINATION, '447,UK Mobile,0.1000,0,0.0100,1,1,0,,']);
const base = ['route', '--origination', sell, '--termination', `${alpha}:alpha`, '--termination', `${beta}:beta`, '--format', 'astpp'];

describe('tollgate route', () => {
  it('prints the contract object with routes in LCR order', async () => {
    const run = await tollgate(...base, '--number', '+447700900123');
    expect(run.code).toBe(0);
    // Sell at 60 s: 0.020 + 60 s (30 + 5 × 6) × 0.150/60 = 0.170000.
    // beta 4477 (longest): 60 × 0.120/60 = 0.120000; alpha 447: 0.090000, dialled: strip 44, prepend 0044.
    expect(run.json).toEqual({
      number: '447700900123',
      sell: { prefix: '447', connectMicros: 20_000, perMinuteMicros: 150_000, costMicros: 170_000 },
      routes: [
        { trunk: 'beta', prefix: '4477', dialled: '9#447700900123', connectMicros: 0, perMinuteMicros: 120_000, costMicros: 120_000 },
        { trunk: 'alpha', prefix: '447', dialled: '00447700900123', connectMicros: 0, perMinuteMicros: 90_000, costMicros: 90_000 },
      ],
    });
  });

  it('orders by cost in cost mode and reports cost at --seconds', async () => {
    const run = await tollgate(...base, '--number', '447700900123', '--mode', 'cost', '--seconds', '30');
    // 30 s: alpha 0.045000 < beta 0.060000.
    const routes = run.json?.routes as { trunk: string; costMicros: number }[];
    expect(routes.map((r) => [r.trunk, r.costMicros])).toEqual([['alpha', 45_000], ['beta', 60_000]]);
  });

  it('drops routes that lose at 60 s or at --max-seconds, unless --no-loss off', async () => {
    const withGamma = [...base, '--termination', `${gamma}:gamma`, '--number', '447700900123'];
    // gamma: connect 0.100 + 0.010/min. At 60 s 0.110000 ≤ sell 0.170000 (kept).
    expect((await tollgate(...withGamma)).json?.routes).toHaveLength(3);
    // At 600 s: sell 0.020 + 600 × 0.150/60 = 1.520000; beta 1.200000, alpha 0.900000, gamma 0.200000: all kept.
    expect((await tollgate(...withGamma, '--max-seconds', '600')).json?.routes).toHaveLength(3);
    // At 1 s max: sell 0.020 + 30 × 0.0025 = 0.095000; gamma 0.100 + 0.000167 = 0.100167 loses.
    const short = await tollgate(...withGamma, '--max-seconds', '1');
    expect((short.json?.routes as { trunk: string }[]).map((r) => r.trunk)).toEqual(['beta', 'alpha']);
    expect((await tollgate(...withGamma, '--max-seconds', '1', '--no-loss', 'off')).json?.routes).toHaveLength(3);
  });

  it('answers no_rate and no_route as error objects with exit 0', async () => {
    expect((await tollgate(...base, '--number', '33123')).json).toMatchObject({ number: '33123', error: { code: 'no_rate' } });
    const pricey = file('pricey.csv', [ASTPP_TERMINATION, '44,UK,0,0,0.5000,1,1,0,,']);
    const run = await tollgate('route', '--origination', sell, '--termination', `${pricey}:p`, '--format', 'astpp', '--number', '4420');
    expect(run).toMatchObject({ code: 0, json: { number: '4420', error: { code: 'no_route' } } });
    expect((await tollgate(...base, '--number', '12ab')).json).toMatchObject({ error: { code: 'invalid_number' } });
  });

  it('answers out_of_range, not a crash, when a cost passes 2^53 − 1 micros', async () => {
    // 1,000,000.00/min for a week: 604,800 × 1e12 µ / 60 = 1.008e16 µ > 9,007,199,254,740,991
    const huge = file('huge.csv', [ASTPP_TERMINATION, '44,UK,0,0,1000000,1,1,0,,']);
    const route = ['route', '--origination', sell, '--termination', `${huge}:h`, '--format', 'astpp', '--number', '4420'];
    expect(await tollgate(...route, '--seconds', '604800')).toMatchObject({ code: 0, json: { number: '4420', error: { code: 'out_of_range' } } });
    // at 60 s the carrier's 1e12 µ exceeds the sell price: no-loss drops it, an ordinary answer
    expect((await tollgate(...route)).json).toMatchObject({ error: { code: 'no_route' } });
  });

  it('exits 2 on usage errors and 1 on a deck with errors', async () => {
    expect((await tollgate(...base, '--number', '44', '--mode', 'fastest')).code).toBe(2);
    expect((await tollgate('route', '--origination', sell, '--termination', alpha, '--format', 'astpp', '--number', '44')).code).toBe(2);
    const broken = file('broken.csv', [ASTPP_TERMINATION, '44,UK,0,0,abc,1,1,0,,']);
    const run = await tollgate('route', '--origination', sell, '--termination', `${broken}:x`, '--format', 'astpp', '--number', '44');
    expect(run.code).toBe(1);
    expect(run.json).toBeNull();
  });
});
