/**
 * Demo data for `npm start` and the API tests: an operator, two resellers (one with a
 * sub-reseller), prepaid and postpaid customers, providers (one with three trunks), a user per
 * role, an edge API key, and — with the configuration stores — full account profiles, rate
 * groups, SIP devices for the fixtures' users, IP ACLs, caller IDs, currencies and the
 * operator's emergency setting over its own trunk (`demo-config.ts`). Seeding is idempotent:
 * opening balances and refills use fixed idempotency keys, and records that exist are kept.
 */
import type { AccountProfile } from '../core/accounts/account';
import type { AccountRecord } from '../core/auth/directory';
import type { Role } from '../core/auth/roles';
import { micros } from '../core/money/micros';
import { issueApiKey } from '../functions/shared/auth/api-keys';
import { hashPassword } from '../functions/shared/auth/passwords';
import type { DynamoDirectory } from '../functions/shared/dynamo/directory';
import type { DynamoLedger } from '../functions/shared/dynamo/ledger';
import type { AccountStore } from '../functions/shared/dynamo/account-store';
import { newProfile } from '../functions/api/config/account-profile';
import { DEMO_ENTITIES, DEMO_RATE_GROUPS } from './demo-config';
import { seedDecks, type DeckStores } from './seed-decks';
import { seedConfig, type ConfigStores } from './seed-config';

interface DemoAccount extends AccountRecord {
  readonly creditLimitMicros: number;
  readonly openingMicros: number;
}

const account = (
  accountId: string,
  name: string,
  type: AccountRecord['type'],
  ids: string[],
  mode: 'prepaid' | 'postpaid',
  openingMicros: number,
  creditLimitMicros = 0,
): DemoAccount => ({
  accountId,
  name,
  type,
  currency: 'USD',
  mode,
  creditLimitMicros,
  openingMicros,
  path: `/${ids.join('/')}/`,
  ...(ids.length > 1 ? { parentId: ids[ids.length - 2]! } : {}),
});

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  account('op', 'Demo Operator', 'operator', ['op'], 'prepaid', 0),
  account('r1', 'Reseller One', 'reseller', ['op', 'r1'], 'prepaid', 500_000_000),
  account('r1a', 'Sub-reseller One-A', 'reseller', ['op', 'r1', 'r1a'], 'prepaid', 100_000_000),
  account('c1', 'Alice (prepaid)', 'customer', ['op', 'r1', 'c1'], 'prepaid', 25_000_000),
  account('c2', 'Bob Ltd (postpaid)', 'customer', ['op', 'r1', 'c2'], 'postpaid', 0, 50_000_000),
  account(
    'c3',
    'Dave (under the sub-reseller)',
    'customer',
    ['op', 'r1', 'r1a', 'c3'],
    'prepaid',
    10_000_000,
  ),
  account('r2', 'Reseller Two', 'reseller', ['op', 'r2'], 'prepaid', 300_000_000),
  account('c4', 'Carol (prepaid)', 'customer', ['op', 'r2', 'c4'], 'prepaid', 15_000_000),
  account('p1', 'Carrier One', 'provider', ['op', 'p1'], 'postpaid', 0, 1_000_000_000),
  account('p2', 'Carrier Two', 'provider', ['op', 'r1', 'r1a', 'p2'], 'postpaid', 0, 100_000_000),
  account('p3', 'Carrier Three', 'provider', ['op', 'r2', 'p3'], 'postpaid', 0, 100_000_000),
];

export interface DemoLogin {
  readonly login: string;
  readonly password: string;
  readonly role: Role;
  readonly accountId: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { login: 'admin', password: 'admin-demo', role: 'admin', accountId: 'op' },
  { login: 'auditor', password: 'auditor-demo', role: 'sub_admin', accountId: 'op' },
  { login: 'reseller1', password: 'reseller1-demo', role: 'reseller', accountId: 'r1' },
  { login: 'reseller2', password: 'reseller2-demo', role: 'reseller', accountId: 'r2' },
  { login: 'alice', password: 'alice-demo', role: 'customer', accountId: 'c1' },
  { login: 'carol', password: 'carol-demo', role: 'customer', accountId: 'c4' },
  { login: 'carrier', password: 'carrier-demo', role: 'provider', accountId: 'p1' },
];

export interface SeedResult {
  readonly logins: readonly DemoLogin[];
  /** The edge key for account `op`; shown once, stored hashed. */
  readonly edgeApiKey: string;
  /** SIP devices seeded (0 without the configuration stores). */
  readonly devices: number;
}

/** The stores of the full demo; without them only the tenancy records and balances are seeded. */
export interface DemoStores extends ConfigStores, DeckStores {
  readonly accounts: AccountStore;
}

export async function seedDemo(
  directory: DynamoDirectory,
  ledger: DynamoLedger,
  stores?: DemoStores,
): Promise<SeedResult> {
  const now = Date.now();
  for (const [index, demo] of DEMO_ACCOUNTS.entries()) {
    const { creditLimitMicros, openingMicros, ...record } = demo;
    if (stores) await seedProfile(stores.accounts, demoProfile(demo, index, now));
    else {
      await directory.putAccount(record);
      await ledger.repository.openBalance({ ...record, creditLimitMicros }, now);
    }
    if (openingMicros > 0) await openingRefill(ledger, demo);
  }
  const paths = new Map(DEMO_ACCOUNTS.map((demo) => [demo.accountId, demo.path]));
  const devices = stores ? await seedConfig(stores, paths, '/op/', now) : 0;
  if (stores) {
    const owners = new Map(
      DEMO_ENTITIES.filter((e) => e.kind === 'rate_group').map((e) => [e.id, e.accountId]),
    );
    await seedDecks(stores, paths, owners, now);
  }
  await Promise.all(
    DEMO_LOGINS.map(async ({ login, password, role, accountId }) =>
      directory.putUser({ login, role, accountId, passwordHash: await hashPassword(password) }),
    ),
  );
  const key = issueApiKey('edge1demo');
  await directory.putApiKey({
    keyId: key.keyId,
    secretHash: key.secretHash,
    role: 'edge',
    accountId: 'op',
    name: 'demo edge',
  });
  return { logins: DEMO_LOGINS, edgeApiKey: key.apiKey, devices };
}

function demoProfile(demo: DemoAccount, index: number, now: number): AccountProfile {
  const base = newProfile(
    {
      accountId: demo.accountId,
      parentId: demo.parentId ?? '',
      type: demo.type === 'operator' ? 'reseller' : demo.type,
      currency: demo.currency,
      mode: demo.mode,
      number: String(100_001 + index),
      name: demo.name,
      timezone: 'UTC',
      country: 'US',
      creditLimitMicros: demo.creditLimitMicros,
      ...(DEMO_RATE_GROUPS[demo.accountId]
        ? { rateGroupId: DEMO_RATE_GROUPS[demo.accountId]! }
        : {}),
    },
    { path: demo.path },
    now,
  );
  // The operator is the root: no parent, its own type.
  if (demo.type !== 'operator') return base;
  const { parentId: _none, ...root } = base;
  return { ...root, type: 'operator' };
}

async function seedProfile(accounts: AccountStore, profile: AccountProfile): Promise<void> {
  const audit = {
    auditId: `seed-account-${profile.accountId}`,
    atEpochMs: profile.createdAtEpochMs,
    actor: 'system:seed',
    action: 'create' as const,
    entity: 'account',
    entityId: profile.accountId,
    accountId: profile.accountId,
    path: profile.path,
    after: { ...profile },
  };
  const outcome = await accounts.create(profile, audit);
  if (!outcome.ok && outcome.code !== 'account_exists') {
    throw new Error(`seed: account ${profile.accountId}: ${outcome.code}`);
  }
}

async function openingRefill(ledger: DynamoLedger, demo: DemoAccount): Promise<void> {
  const result = await ledger.service.post({
    postings: [
      {
        accountId: demo.accountId,
        amountMicros: micros(demo.openingMicros),
        kind: 'refill',
        idempotencyKey: `seed:${demo.accountId}`,
        reference: 'demo opening balance',
        actor: 'system:seed',
      },
    ],
    floor: 'may_overdraw',
  });
  if (!result.ok)
    throw new Error(`seed: opening refill of ${demo.accountId} failed: ${result.code}`);
}
