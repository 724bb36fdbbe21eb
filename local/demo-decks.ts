/**
 * The demo's rate decks (native `tollgate` format): the operator's wholesale origination deck
 * and each reseller's retail deck (each level above its parent's price, so the chain earns), and
 * the termination decks of the two trunks of the demo carrier (t1 cheaper on the UK, t2 on
 * France), so LCR has something to choose.
 */
const HEADER = 'prefix,destination,connect,included_seconds,per_minute,initial_increment,increment';

function deck(rows: readonly (readonly [string, string, string])[], connect = '0'): string {
  return [
    HEADER,
    ...rows.map(
      ([prefix, destination, perMinute]) =>
        `${prefix},${destination},${connect},0,${perMinute},0,0`,
    ),
  ].join('\n');
}

const ORIGINATION = (scale: number) =>
  deck(
    [
      ['1', 'USA/Canada', '0.010000'],
      ['44', 'United Kingdom', '0.020000'],
      ['4420', 'United Kingdom London', '0.015000'],
      ['447', 'United Kingdom Mobile', '0.080000'],
      ['33', 'France', '0.020000'],
      ['336', 'France Mobile', '0.090000'],
      ['49', 'Germany', '0.025000'],
    ].map(([prefix, name, rate]) => [prefix!, name!, (Number(rate) * scale).toFixed(6)] as const),
  );

export interface DemoDeck {
  readonly rateGroupId: string;
  readonly deckKind: 'origination' | 'termination';
  readonly trunkId?: string;
  readonly csv: string;
}

export const DEMO_DECKS: readonly DemoDeck[] = [
  { rateGroupId: 'rg-op', deckKind: 'origination', csv: ORIGINATION(1) },
  { rateGroupId: 'rg-r1', deckKind: 'origination', csv: ORIGINATION(1.5) },
  { rateGroupId: 'rg-r1a', deckKind: 'origination', csv: ORIGINATION(2) },
  { rateGroupId: 'rg-r2', deckKind: 'origination', csv: ORIGINATION(1.4) },
  {
    rateGroupId: 'rg-op',
    deckKind: 'termination',
    trunkId: 't1',
    csv: deck([
      ['1', 'USA/Canada', '0.006000'],
      ['44', 'United Kingdom', '0.009000'],
      ['447', 'United Kingdom Mobile', '0.050000'],
      ['33', 'France', '0.015000'],
    ]),
  },
  {
    rateGroupId: 'rg-op',
    deckKind: 'termination',
    trunkId: 't2',
    csv: deck([
      ['1', 'USA/Canada', '0.007000'],
      ['44', 'United Kingdom', '0.012000'],
      ['33', 'France', '0.011000'],
      ['336', 'France Mobile', '0.060000'],
    ]),
  },
];
