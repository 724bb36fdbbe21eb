/**
 * The harness rows of the data-model routes (issue 7): expected outcomes, which accounts each
 * caller aims at where the default ones cannot own the entity (trunks live on providers, rate
 * groups on resellers, accounts are created under resellers), and a valid request per route.
 */
import { DEMO_ENTITIES } from '../../local/demo-config';
import { DEMO_DECKS } from '../../local/demo-decks';
import { demoDevices } from '../../local/seed-config';
import type { Call, Caller, Outcome } from './harness.test';

type Row = Record<Caller, [Outcome, Outcome]>;
const CALLERS: Caller[] = [
  'admin',
  'sub_admin',
  'reseller',
  'customer',
  'provider',
  'edge',
  'anonymous',
];
const all = (outcome: Outcome): Row =>
  Object.fromEntries(CALLERS.map((caller) => [caller, [outcome, outcome]])) as Row;
const readHumans: Row = {
  admin: ['ok', 'ok'],
  sub_admin: ['ok', 'ok'],
  reseller: ['ok', 404],
  customer: ['ok', 404],
  provider: ['ok', 404],
  edge: [403, 403],
  anonymous: [401, 401],
};
const readTrees: Row = { ...readHumans, customer: [403, 403], provider: [403, 403] };
const readTrunks: Row = { ...readHumans, customer: [403, 403] };
const writes: Row = {
  admin: ['ok', 'ok'],
  sub_admin: [403, 403],
  reseller: ['ok', 404],
  customer: [403, 403],
  provider: [403, 403],
  edge: [403, 403],
  anonymous: [401, 401],
};

const KINDS = {
  Device: { segment: 'devices', kind: 'device', read: readHumans },
  IpAcl: { segment: 'ip-acls', kind: 'ip_acl', read: readHumans },
  CallerId: { segment: 'caller-ids', kind: 'caller_id', read: readHumans },
  Trunk: { segment: 'trunks', kind: 'trunk', read: readTrunks },
  RateGroup: { segment: 'rate-groups', kind: 'rate_group', read: readTrees },
} as const;
type Kind = keyof typeof KINDS;
const PLURAL: Record<Kind, string> = {
  Device: 'Devices',
  IpAcl: 'IpAcls',
  CallerId: 'CallerIds',
  Trunk: 'Trunks',
  RateGroup: 'RateGroups',
};

/** Edge-only routes; commands on a lease nobody granted reach the handler: lease_not_found. */
const edgeRoute = (outcome: Outcome): Row => ({
  ...all(403),
  edge: [outcome, outcome],
  anonymous: [401, 401],
});
const readLeases: Row = { ...readHumans, provider: [403, 403] };

export const CONFIG_EXPECTED: Record<string, Row> = {
  grantLease: edgeRoute('ok'),
  topUpLease: edgeRoute(404),
  closeLease: edgeRoute(404),
  abandonLease: edgeRoute(404),
  listEdgeLeases: edgeRoute('ok'),
  listAccountLeases: readLeases,
  listLateSettlements: readLeases,
  // Admin only; the lease does not exist, so the admin reaches the handler's lease_not_found.
  writeOffLease: { ...all(403), admin: [404, 404], anonymous: [401, 401] },
  createAccount: writes,
  getAccount: readHumans,
  changeAccount: writes,
  listAccounts: readTrees,
  listCurrencies: { ...all('ok'), edge: [403, 403], anonymous: [401, 401] },
  setCurrencyRate: { ...all(403), admin: ['ok', 'ok'], anonymous: [401, 401] },
  getCurrencyHistory: { ...all('ok'), edge: [403, 403], anonymous: [401, 401] },
  // Operator-wide: the operator's staff only (admin writes).
  getEmergencySetting: {
    ...all(403),
    admin: ['ok', 'ok'],
    sub_admin: ['ok', 'ok'],
    anonymous: [401, 401],
  },
  setEmergencySetting: { ...all(403), admin: ['ok', 'ok'], anonymous: [401, 401] },
  listAudit: readTrees,
  createDeckImport: writes,
  startDeckImport: writes,
  getDeckImport: readTrees,
  getDeckImportReport: readTrees,
  publishDeckImport: writes,
  listDeckVersions: readTrees,
  downloadDeckVersion: readTrees,
  compareDeckVersions: readTrees,
  simulateCall: readHumans,
  exportCsv: readTrees,
  // CDR search, export and summaries (issue 8): every human role, within its subtree.
  searchCdrs: readHumans,
  exportCdrs: readHumans,
  getCdrSummaries: readHumans,
  redriveCdrDeadLetters: { ...all(403), admin: ['ok', 'ok'], anonymous: [401, 401] },
  ...Object.fromEntries(
    (Object.keys(KINDS) as Kind[]).flatMap((kind) => [
      [`list${PLURAL[kind]}`, KINDS[kind].read],
      [`get${kind}`, KINDS[kind].read],
      [`create${kind}`, writes],
      [`change${kind}`, writes],
      [`delete${kind}`, writes],
    ]),
  ),
};

type Targets = Partial<Record<Caller, { own: string; foreign: string }>>;
const onProviders: Targets = {
  admin: { own: 'p2', foreign: 'p3' },
  sub_admin: { own: 'p2', foreign: 'p3' },
  reseller: { own: 'p2', foreign: 'p3' },
  provider: { own: 'p1', foreign: 'p2' },
};
const onResellers: Targets = {
  admin: { own: 'r1a', foreign: 'r2' },
  sub_admin: { own: 'r1a', foreign: 'r2' },
  reseller: { own: 'r1a', foreign: 'r2' },
};

const DECK_ROUTES = [
  'createDeckImport',
  'startDeckImport',
  'getDeckImport',
  'getDeckImportReport',
  'publishDeckImport',
  'listDeckVersions',
  'downloadDeckVersion',
  'compareDeckVersions',
];

export const CONFIG_TARGETS: Record<string, Targets> = {
  createAccount: onResellers,
  ...Object.fromEntries(DECK_ROUTES.map((id) => [id, onResellers])),
  ...Object.fromEntries(
    (['Trunk', 'RateGroup'] as const).flatMap((kind) =>
      [`list${PLURAL[kind]}`, `get${kind}`, `create${kind}`, `change${kind}`, `delete${kind}`].map(
        (id) => [id, kind === 'Trunk' ? onProviders : onResellers],
      ),
    ),
  ),
};

const SEEDED = [...DEMO_ENTITIES, ...demoDevices()];
function seededId(kind: Kind, accountId: string): string {
  return (
    SEEDED.find((entity) => entity.kind === KINDS[kind].kind && entity.accountId === accountId)
      ?.id ?? 'none'
  );
}

let counter = 0;
function newBody(kind: Kind): Record<string, unknown> {
  counter += 1;
  const id = `h${counter}`;
  switch (kind) {
    case 'Device':
      return { id, username: id, domain: 'harness.test', password: 'harness-password' };
    case 'IpAcl':
      return { id, cidr: `10.77.${counter % 250}.${counter >> 8}/32` };
    case 'CallerId':
      return {
        id,
        callerIdNumber: `1999${String(counter).padStart(6, '0')}`,
        accessNumbers: ['18005550100'],
      };
    case 'Trunk':
      return { id, name: 'harness', gateways: [{ host: '192.0.2.1' }] };
    case 'RateGroup':
      return { id, name: 'harness' };
  }
}

const CHANGES: Record<Kind, Record<string, unknown>> = {
  Device: { callerIdName: 'Harness' },
  IpAcl: { description: 'harness' },
  CallerId: { description: 'harness' },
  Trunk: { ringTimeoutSeconds: 31 },
  RateGroup: { name: 'harness' },
};

type AdminRequest = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; text: string; json: any }>;

/** The seeded origination import (= version) of each reseller's rate group (`local/seed-decks.ts`). */
const GROUP_OF: Record<string, string> = { r1a: 'rg-r1a', r2: 'rg-r2' };
const NO_IMPORT = 'imp-00000000-0000-4000-8000-999999999999';
function seededImport(target: string): string {
  const index = DEMO_DECKS.findIndex(
    (deck) => deck.rateGroupId === GROUP_OF[target] && deck.deckKind === 'origination',
  );
  return index < 0
    ? NO_IMPORT
    : `imp-00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
}
const groupPath = (target: string) =>
  `/accounts/${target}/rate-groups/${GROUP_OF[target] ?? 'none'}`;

/** An import made by the admin on the target's group; uploaded and run to `validated` if asked. */
async function adminImport(admin: AdminRequest, target: string, run: boolean): Promise<string> {
  const created = await admin('POST', `${groupPath(target)}/imports`, {
    format: 'tollgate',
    deckKind: 'origination',
  });
  if (created.status !== 201) return NO_IMPORT;
  const { import: record, upload } = created.json;
  if (!run) return String(record.importId);
  await fetch(upload.url, {
    method: 'PUT',
    headers: upload.headers,
    body: 'prefix,destination,connect,included_seconds,per_minute,initial_increment,increment\n44,UK,0,0,0.1,0,0',
  });
  await admin('POST', `${groupPath(target)}/imports/${record.importId}/start`);
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const read = await admin('GET', `${groupPath(target)}/imports/${record.importId}`);
    if (read.json.status === 'validated') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return String(record.importId);
}
type Builder = (target: string, source: string) => Call | Promise<Call>;

export function CONFIG_REQUESTS(admin: AdminRequest): Record<string, Builder> {
  const entity = (kind: Kind): Record<string, Builder> => {
    const base = (target: string) => `/accounts/${target}/${KINDS[kind].segment}`;
    return {
      [`list${PLURAL[kind]}`]: (target) => ({ method: 'GET', path: base(target) }),
      [`get${kind}`]: (target) => ({
        method: 'GET',
        path: `${base(target)}/${seededId(kind, target)}`,
      }),
      [`create${kind}`]: (target) => ({ method: 'POST', path: base(target), body: newBody(kind) }),
      [`change${kind}`]: (target) => ({
        method: 'PATCH',
        path: `${base(target)}/${seededId(kind, target)}`,
        body: CHANGES[kind],
      }),
      // A fresh entity per case (made by the admin), so that one caller's delete does not take
      // the entity away from the next.
      [`delete${kind}`]: async (target) => {
        const body = newBody(kind);
        // Where the admin cannot create one (a trunk on a customer), the caller is refused
        // before any lookup anyway; a failed create in an 'ok' case shows up as its 404.
        await admin('POST', base(target), body);
        return { method: 'DELETE', path: `${base(target)}/${String(body.id)}` };
      },
    };
  };
  return {
    grantLease: (target) => ({
      method: 'POST',
      path: '/edge/leases',
      body: { leaseId: `harness-lease-${(counter += 1)}`, accountId: target, amountMicros: 1 },
    }),
    topUpLease: () => ({
      method: 'POST',
      path: '/edge/leases/harness-none/top-up',
      body: { topUpId: 't1', amountMicros: 1 },
    }),
    closeLease: () => ({
      method: 'POST',
      path: '/edge/leases/harness-none/close',
      body: { callCount: 0 },
    }),
    abandonLease: () => ({
      method: 'POST',
      path: '/edge/leases/harness-none/abandon',
      body: { drained: true },
    }),
    listEdgeLeases: () => ({ method: 'GET', path: '/edge/leases' }),
    listAccountLeases: (target) => ({ method: 'GET', path: `/accounts/${target}/leases` }),
    listLateSettlements: (target) => ({
      method: 'GET',
      path: `/accounts/${target}/leases/late-settlements`,
    }),
    writeOffLease: (target) => ({
      method: 'POST',
      path: `/accounts/${target}/leases/harness-none/write-off`,
      body: { reason: 'harness' },
    }),
    createAccount: (target) => {
      counter += 1;
      const body = {
        accountId: `hacc${counter}`,
        parentId: target,
        type: 'customer',
        currency: 'USD',
        mode: 'prepaid',
        number: `H-${counter}`,
        name: 'Harness customer',
        timezone: 'UTC',
        country: 'US',
      };
      return { method: 'POST', path: '/accounts', body };
    },
    getAccount: (target) => ({ method: 'GET', path: `/accounts/${target}` }),
    changeAccount: (target) => ({
      method: 'PATCH',
      path: `/accounts/${target}`,
      body: { company: 'Harness Co' },
    }),
    listAccounts: (target) => ({ method: 'GET', path: `/accounts/${target}/accounts` }),
    listCurrencies: () => ({ method: 'GET', path: '/currencies' }),
    setCurrencyRate: () => ({
      method: 'PUT',
      path: '/currencies/EUR',
      body: { rateToBase: '1.0865' },
    }),
    getCurrencyHistory: () => ({ method: 'GET', path: '/currencies/EUR/history' }),
    getEmergencySetting: () => ({ method: 'GET', path: '/settings/emergency' }),
    setEmergencySetting: () => ({
      method: 'PUT',
      path: '/settings/emergency',
      body: { trunkId: 't-sos', numbersByCountry: { US: ['911', '112', '999'] } },
    }),
    redriveCdrDeadLetters: () => ({ method: 'POST', path: '/cdrs/dead-letters/redrive' }),
    listAudit: (target) => ({ method: 'GET', path: `/accounts/${target}/audit` }),
    createDeckImport: (target) => ({
      method: 'POST',
      path: `${groupPath(target)}/imports`,
      body: { format: 'tollgate', deckKind: 'origination' },
    }),
    startDeckImport: async (target) => ({
      method: 'POST',
      path: `${groupPath(target)}/imports/${await adminImport(admin, target, false)}/start`,
    }),
    getDeckImport: (target) => ({
      method: 'GET',
      path: `${groupPath(target)}/imports/${seededImport(target)}`,
    }),
    getDeckImportReport: (target) => ({
      method: 'GET',
      path: `${groupPath(target)}/imports/${seededImport(target)}/report`,
    }),
    publishDeckImport: async (target) => {
      counter += 1;
      const importId = await adminImport(admin, target, true);
      const body = { effectiveFromEpochMs: Date.now() + 3_600_000 + counter * 1000 };
      return { method: 'POST', path: `${groupPath(target)}/imports/${importId}/publish`, body };
    },
    listDeckVersions: (target) => ({ method: 'GET', path: `${groupPath(target)}/versions` }),
    downloadDeckVersion: (target) => ({
      method: 'GET',
      path: `${groupPath(target)}/versions/${seededImport(target)}/csv`,
    }),
    compareDeckVersions: (target) => ({
      method: 'GET',
      path: `${groupPath(target)}/versions/compare?from=${seededImport(target)}&to=${seededImport(target)}`,
    }),
    exportCsv: (target) => ({
      method: 'POST',
      path: `/accounts/${target}/exports`,
      body: { kind: 'devices' },
    }),
    searchCdrs: (target) => ({
      method: 'GET',
      path: `/accounts/${target}/cdrs?fromEpochMs=0&toEpochMs=86400000&subtree=true`,
    }),
    exportCdrs: (target) => ({
      method: 'POST',
      path: `/accounts/${target}/cdrs/exports`,
      body: { fromEpochMs: 0, toEpochMs: 86_400_000 },
    }),
    getCdrSummaries: (target) => ({
      method: 'GET',
      path: `/accounts/${target}/cdr-summaries?fromEpochMs=0&toEpochMs=86400000&by=account`,
    }),
    simulateCall: (target) => ({
      method: 'POST',
      path: `/accounts/${target}/rate-card`,
      body: { number: '442071234567', seconds: 60 },
    }),
    ...(Object.keys(KINDS) as Kind[]).reduce(
      (routes, kind) => ({ ...routes, ...entity(kind) }),
      {},
    ),
  };
}
