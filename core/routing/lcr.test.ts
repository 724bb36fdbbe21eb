// Proves LCR and cost ordering, forced trunks, no-loss at 60 s and at the authorized maximum,
// failover across routes and gateways, and the whole routeCall pipeline, with costs worked out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompilableRate } from '../decks/compiled/compile';
import type { CompiledDeck } from '../decks/compiled/deck';
import { deckFromRates } from '../decks/compiled/from-rates';
import { NO_INSTANT } from '../decks/compiled/lookup';
import { DeckVersions, SINCE_ALWAYS } from '../decks/versions';
import { NO_MARKUP } from '../rating/rate';
import { DIALING_PLANS, NO_COUNTRY_PLAN } from './e164';
import { failoverPlan, findRoutes, type RouteRequest, type Trunk } from './lcr';
import { routeCall, type RoutingAccount, type RoutingGroup } from './route-call';
import { parseTranslationRules } from './translation';

function row(prefix: string, perMinuteMicros: number, extra: Partial<CompilableRate> = {}): CompilableRate {
  return {
    prefix,
    destination: prefix,
    connectMicros: 0,
    includedSeconds: 0,
    perMinuteMicros,
    initialIncrementSeconds: 1,
    incrementSeconds: 1,
    priority: 0,
    strip: '',
    prepend: '',
    forceTrunk: '',
    line: 2,
    ...extra,
  };
}

function deck(...rows: CompilableRate[]): CompiledDeck {
  const built = deckFromRates(rows);
  if (!built.ok) throw new Error(built.message);
  return built.deck;
}

function trunk(name: string, ...rows: CompilableRate[]): Trunk {
  return { name, deck: deck(...rows), translation: [], gateways: [`${name}-a`, `${name}-b`] };
}

const request = (extra: Partial<RouteRequest> = {}): RouteRequest => ({
  digits: '447700900123',
  minuteOfWeek: NO_INSTANT,
  referenceSeconds: 60,
  mode: 'lcr',
  forceTrunk: '',
  noLoss: null,
  ...extra,
});

const names = (result: ReturnType<typeof findRoutes>): string[] => (result.ok ? result.routes.map((r) => r.trunk) : []);

describe('findRoutes ordering', () => {
  // A: 447 at 0.020/min; B: 44 at 0.010/min; C: 4477 at 0.030/min; D: 4477 at 0.030/min, priority 1.
  const trunks = [
    trunk('A', row('447', 20_000)),
    trunk('B', row('44', 10_000)),
    trunk('D', row('4477', 30_000, { priority: 1 })),
    trunk('C', row('4477', 30_000)),
    trunk('E', row('33', 1_000)),
  ];

  it('lcr: longest prefix, then cost, then priority', () => {
    // C and D tie on prefix (4) and cost (60 s × 0.03 = 0.030000); C has priority 0 < 1.
    expect(names(findRoutes(trunks, request()))).toEqual(['C', 'D', 'A', 'B']);
  });

  it('cost: cost, then priority', () => {
    // 60 s: B 0.010000 < A 0.020000 < C = D 0.030000 (priority 0 before 1).
    expect(names(findRoutes(trunks, request({ mode: 'cost' })))).toEqual(['B', 'A', 'C', 'D']);
  });

  it('orders by the whole-call cost at the reference duration (connect fee included)', () => {
    // X: connect 0.050 + 0.010/min; Y: 0.040/min. At 60 s: X 0.060000 > Y 0.040000.
    // At 600 s: X 0.050 + 0.100 = 0.150000 < Y 0.400000.
    const pair = [trunk('X', row('44', 10_000, { connectMicros: 50_000 })), trunk('Y', row('44', 40_000))];
    expect(names(findRoutes(pair, request({ mode: 'cost' })))).toEqual(['Y', 'X']);
    expect(names(findRoutes(pair, request({ mode: 'cost', referenceSeconds: 600 })))).toEqual(['X', 'Y']);
  });

  it('a forced trunk replaces the choice', () => {
    expect(names(findRoutes(trunks, request({ forceTrunk: 'B' })))).toEqual(['B']);
    expect(findRoutes(trunks, request({ forceTrunk: 'E' }))).toMatchObject({ ok: false, code: 'no_route' });
    expect(findRoutes(trunks, request({ forceTrunk: 'Z' }))).toMatchObject({ ok: false, code: 'no_route' });
  });

  it('lcr order is a sorted permutation: prefix lengths never increase (property)', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'4470'), minLength: 1, maxLength: 4 });
    const trunkRow = fc.record({ prefix: digits, perMinute: fc.integer({ min: 0, max: 50_000 }), priority: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(trunkRow, { minLength: 1, maxLength: 8 }), (rows) => {
        const list = rows.map((r, i) => trunk(`T${i}`, row(r.prefix, r.perMinute, { priority: r.priority })));
        const result = findRoutes(list, request({ digits: '44704470' }));
        const matching = rows.filter((r) => '44704470'.startsWith(r.prefix)).length;
        expect(result.ok ? result.routes.length : 0).toBe(matching);
        if (!result.ok) return;
        for (let i = 1; i < result.routes.length; i += 1) {
          const [a, b] = [result.routes[i - 1], result.routes[i]];
          if (a === undefined || b === undefined) continue;
          expect(a.prefix.length).toBeGreaterThanOrEqual(b.prefix.length);
          if (a.prefix.length === b.prefix.length) expect(a.costMicros).toBeLessThanOrEqual(b.costMicros);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('no-loss routing', () => {
  // The customer pays connect 0.020 + 0.060/min (init 60, inc 60):
  // 60 s → 0.080000; 600 s → 0.020 + 0.600 = 0.620000.
  const sell = row('44', 60_000, { connectMicros: 20_000, initialIncrementSeconds: 60, incrementSeconds: 60 });
  const revenueMicros = (seconds: number): number => {
    const minutes = Math.ceil(seconds / 60);
    return sell.connectMicros + minutes * sell.perMinuteMicros;
  };
  // Cheap-connect: 0.070/min, no connect: 60 s → 0.070000 (profit), 600 s → 0.700000 (loss).
  // High-connect: connect 0.050 + 0.040/min: 60 s → 0.090000 (loss), 600 s → 0.450000 (profit).
  // Fine: 0.050/min: 60 s → 0.050000, 600 s → 0.500000 (profit at both).
  const trunks = [
    trunk('cheap-connect', row('44', 70_000)),
    trunk('high-connect', row('44', 40_000, { connectMicros: 50_000 })),
    trunk('fine', row('44', 50_000)),
  ];

  it('checks 60 s only when the maximum is unknown', () => {
    expect(names(findRoutes(trunks, request({ noLoss: { revenueMicros, maxSeconds: null } })))).toEqual(['fine', 'cheap-connect']);
  });

  it('drops a route that loses at either 60 s or the authorized maximum', () => {
    expect(names(findRoutes(trunks, request({ noLoss: { revenueMicros, maxSeconds: 600 } })))).toEqual(['fine']);
  });

  it('routes at a loss when allowed, and says no_route when every route loses', () => {
    expect(names(findRoutes(trunks, request()))).toEqual(['fine', 'cheap-connect', 'high-connect']);
    const lossy = [trunks[0] as Trunk, trunks[1] as Trunk];
    expect(findRoutes(lossy, request({ noLoss: { revenueMicros, maxSeconds: 600 } }))).toMatchObject({ ok: false, code: 'no_route' });
  });
});

describe('failover', () => {
  it('tries each route in order and, within it, each gateway in order', () => {
    const result = findRoutes([trunk('B', row('44', 2)), trunk('A', row('44', 1))], request());
    if (!result.ok) throw new Error('no route');
    expect(failoverPlan(result.routes).map((a) => a.gateway)).toEqual(['A-a', 'A-b', 'B-a', 'B-b']);
  });
});

describe('routeCall', () => {
  const versions = (d: CompiledDeck): DeckVersions => {
    const built = DeckVersions.of([{ effectiveFromEpochMs: SINCE_ALWAYS, deck: d }]);
    if (!built.ok) throw new Error('versions');
    return built.versions;
  };
  const trunkRules = parseTranslationRules('"44/0044"');
  if (!trunkRules.ok) throw new Error('rules');
  const group: RoutingGroup = {
    sell: versions(deck(row('44', 100_000), row('4477', 150_000, { forceTrunk: 'premium' }))),
    pricing: NO_MARKUP,
    timeZone: 'Europe/London',
    mode: 'lcr',
    noLoss: true,
    trunks: [
      { name: 'bulk', versions: versions(deck(row('44', 20_000, { strip: '00', prepend: '9#' }))), translation: trunkRules.rules, gateways: ['gw1'] },
      { name: 'premium', versions: versions(deck(row('447', 90_000))), translation: [], gateways: ['gw2'] },
    ],
  };
  const account: RoutingAccount = { translation: [], dialingPlan: DIALING_PLANS.GB ?? NO_COUNTRY_PLAN, forceTrunk: '', allowLoss: false };
  const call = { answeredAtEpochMs: Date.parse('2026-11-23T10:00:00Z'), referenceSeconds: 60, maxSeconds: null };

  it('normalizes, rates, routes and builds the dialled number', () => {
    const result = routeCall(account, group, { ...call, number: '02079460000' });
    if (!result.ok) throw new Error(result.message);
    expect(result.digits).toBe('442079460000');
    // Sell 0.100/min × 60 s = 0.100000; bulk 0.020/min × 60 s = 0.020000.
    expect(result.sell.costMicros).toBe(100_000);
    // bulk: 442079460000 → trunk rule → 00442079460000 → strip 00 → prepend 9#.
    expect(result.routes.map((r) => [r.trunk, r.dialled, r.costMicros])).toEqual([['bulk', '9#442079460000', 20_000]]);
  });

  it('honours the origination rate force_trunk', () => {
    const result = routeCall(account, group, { ...call, number: '+447700900123' });
    expect(result.ok && result.routes.map((r) => r.trunk)).toEqual(['premium']);
  });

  it('reports invalid_number, no_rate and no_route', () => {
    expect(routeCall(account, group, { ...call, number: '12x' })).toMatchObject({ code: 'invalid_number' });
    expect(routeCall(account, group, { ...call, number: '+33123456' })).toMatchObject({ code: 'no_rate' });
    const expensive = { ...group, trunks: [group.trunks[1]].filter((t) => t !== undefined) };
    // 4420… is sold at 0.100/min but premium only has 447: no trunk has a rate.
    expect(routeCall(account, expensive, { ...call, number: '+442079460000' })).toMatchObject({ code: 'no_route' });
  });
});
