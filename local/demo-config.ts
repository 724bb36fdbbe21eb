/**
 * The demo's configuration below accounts: SIP devices for every user the shared FreeSWITCH
 * fixtures use (800 and 1000–1019, in the domains and realms those samples carry), IP ACLs,
 * caller IDs, a provider with three trunks (and one provider per reseller subtree), rate groups,
 * and the operator's emergency setting over a trunk of its own.
 * Samples whose addresses were anonymized (`x.x.x.x`) match no ACL: "unknown caller" is right.
 */

/** SIP domains of the fixtures, each with the realms its digest requests use. */
export const DEMO_SIP_DOMAINS: readonly { domain: string; realms: string[]; users: string[] }[] = [
  { domain: '192.168.0.9', realms: ['192.168.0.9'], users: ['800'] },
  ...[
    { domain: '172.31.2.115', realms: ['172.31.2.115', '12.34.123.34'] },
    { domain: 'domain1.awesomevoipdomain.faketld', realms: ['domain1.awesomevoipdomain.faketld'] },
    { domain: '192.168.56.66', realms: ['192.168.56.66', '192.168.56.74'] },
    { domain: 'cgrates.org', realms: ['cgrates.org', '127.0.0.1'] },
    { domain: '10.10.10.204', realms: ['10.10.10.204'] },
    { domain: '10.30.40.77', realms: ['10.30.40.77'] },
  ].map((entry) => ({ ...entry, users: Array.from({ length: 20 }, (_, i) => String(1000 + i)) })),
];

/** Demo passwords are per user and never FreeSWITCH's vanilla 1234. */
export const demoDevicePassword = (user: string) => `tollgate-${user}-demo`;

/** Users 1000–1004 → c1 (prepaid), 1005–1009 → c2 (postpaid), 1010–1014 → c3, 1015–1019 → c4. */
export function demoDeviceOwner(user: string): string {
  const n = Number(user);
  if (n < 1005) return 'c1';
  if (n < 1010) return 'c2';
  if (n < 1015) return 'c3';
  return 'c4';
}

export interface DemoEntity {
  readonly kind: 'device' | 'ip_acl' | 'caller_id' | 'trunk' | 'rate_group' | 'setting';
  readonly id: string;
  readonly accountId: string;
  readonly data: Record<string, unknown>;
}

const gateway = (host: string) => ({ host, port: 5060, transport: 'udp', register: false });
const trunk = (id: string, accountId: string, name: string, hosts: string[]): DemoEntity => ({
  kind: 'trunk',
  id,
  accountId,
  data: {
    name,
    gateways: hosts.map(gateway),
    channelLimit: 100,
    translationRules: '',
    codecs: ['PCMU', 'PCMA'],
    ringTimeoutSeconds: 30,
  },
});
const rateGroup = (
  id: string,
  accountId: string,
  name: string,
  markupPercent: string,
  trunkIds: string[],
): DemoEntity => ({
  kind: 'rate_group',
  id,
  accountId,
  data: {
    name,
    routingMode: 'lcr',
    markupPercent,
    markupUnits: Number(markupPercent) * 10_000,
    defaultInitialIncrementSeconds: 0,
    defaultIncrementSeconds: 1,
    timezone: 'UTC',
    trunkIds,
    noLoss: true,
    billing: { duration: 'billsec', minimumBillableSeconds: 0, billedHangupCauses: null },
  },
});
const acl = (id: string, accountId: string, cidr: string, techPrefix?: string): DemoEntity => ({
  kind: 'ip_acl',
  id,
  accountId,
  data: { cidr, ...(techPrefix ? { techPrefix } : {}), description: 'demo' },
});
const callerId = (id: string, accountId: string, number: string): DemoEntity => ({
  kind: 'caller_id',
  id,
  accountId,
  data: { callerIdNumber: number, accessNumbers: ['18005550100'], description: 'demo' },
});

/** Everything but devices (built from DEMO_SIP_DOMAINS). Trunks before the rate groups using them. */
export const DEMO_ENTITIES: readonly DemoEntity[] = [
  trunk('t1', 'p1', 'Carrier One A', ['198.51.100.10', '198.51.100.11']),
  trunk('t2', 'p1', 'Carrier One B', ['198.51.100.20']),
  trunk('t3', 'p2', 'Carrier Two (r1a)', ['198.51.100.30']),
  trunk('t4', 'p3', 'Carrier Three (r2)', ['198.51.100.40']),
  trunk('t-sos', 'p1', 'Emergency services', ['198.51.100.112']),
  // Every demo account is in the US (default list: 911); 112 and 999 are added so each of the
  // common emergency numbers bridges to the emergency trunk against `npm start`.
  {
    kind: 'setting',
    id: 'emergency',
    accountId: 'op',
    data: { trunkId: 't-sos', numbersByCountry: { US: ['911', '112', '999'] } },
  },
  rateGroup('rg-op', 'op', 'Operator wholesale', '0', ['t1', 't2']),
  rateGroup('rg-r1', 'r1', 'Reseller One retail', '20', []),
  rateGroup('rg-r1a', 'r1a', 'Sub-reseller retail', '10', ['t3']),
  rateGroup('rg-r2', 'r2', 'Reseller Two retail', '15', ['t4']),
  acl('acl-c1', 'c1', '192.168.56.1/32'),
  acl('acl-c2', 'c2', '10.10.10.100/32'),
  acl('acl-c3', 'c3', '203.0.113.0/24', '555'),
  acl('acl-c4', 'c4', '192.168.1.100/32'),
  acl('acl-p1', 'p1', '198.51.100.0/24'),
  callerId('cid-c1', 'c1', '15551230001'),
  callerId('cid-c3', 'c3', '15551230003'),
  callerId('cid-c4', 'c4', '15551230004'),
  callerId('cid-p1', 'p1', '15551230009'),
];

/** The rate group of each demo account (owned by one of its ancestors). */
export const DEMO_RATE_GROUPS: Readonly<Record<string, string>> = {
  r1: 'rg-op',
  r2: 'rg-op',
  p1: 'rg-op',
  c1: 'rg-r1',
  c2: 'rg-r1',
  r1a: 'rg-r1',
  c3: 'rg-r1a',
  p2: 'rg-r1a',
  c4: 'rg-r2',
  p3: 'rg-r2',
};

export const DEMO_CURRENCIES = [
  { code: 'EUR', rateToBase: '1.0865' },
  { code: 'GBP', rateToBase: '1.2710' },
];
