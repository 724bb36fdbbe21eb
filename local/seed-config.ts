/**
 * Writes the demo configuration (`demo-config.ts`) through the same stores the API uses, each
 * write with its audit entry (actor `system:seed`). Idempotent: a record that exists is kept.
 */
import type { AuditEntry } from '../core/audit/audit';
import { ha1ByRealm } from '../core/devices/ha1';
import { callerIdSpec } from '../functions/api/routes/caller-ids';
import { deviceSpec } from '../functions/api/routes/devices';
import { ipAclSpec } from '../functions/api/routes/ip-acls';
import type { ConfigStore, OwnedEntity } from '../functions/shared/dynamo/config-store';
import type { CurrencyStore } from '../functions/shared/dynamo/currency-store';
import type { PlanOutcome } from '../functions/shared/dynamo/write-plan';
import {
  DEMO_CURRENCIES,
  DEMO_ENTITIES,
  DEMO_SIP_DOMAINS,
  demoDeviceOwner,
  demoDevicePassword,
  type DemoEntity,
} from './demo-config';

export interface ConfigStores {
  readonly config: ConfigStore;
  readonly currencies: CurrencyStore;
}

const SPECS = { device: deviceSpec, ip_acl: ipAclSpec, caller_id: callerIdSpec } as const;

export async function seedConfig(
  stores: ConfigStores,
  paths: ReadonlyMap<string, string>,
  operatorPath: string,
  nowEpochMs: number,
): Promise<number> {
  for (const { code, rateToBase } of DEMO_CURRENCIES) {
    const rate = { code, rateToBase, updatedAtEpochMs: nowEpochMs, updatedBy: 'system:seed' };
    if (await stores.currencies.get(code)) continue;
    const subject = { entity: 'currency', entityId: code, accountId: 'op', path: operatorPath };
    await expectWritten(stores.currencies.set(rate, seedAudit(subject, nowEpochMs, rate)));
  }
  const entities = [...DEMO_ENTITIES, ...demoDevices()];
  for (const entity of entities) await seedEntity(stores.config, entity, paths, nowEpochMs);
  return entities.filter((entity) => entity.kind === 'device').length;
}

export function demoDevices(): DemoEntity[] {
  const devices = DEMO_SIP_DOMAINS.flatMap(({ domain, realms, users }) =>
    users.map((user) =>
      device(user, domain, realms, user === '800' ? 'c1' : demoDeviceOwner(user)),
    ),
  );
  // A provider may also call as a customer (ASTPP's provider profile): one device of its own.
  return [...devices, device('7000', '192.168.0.9', ['192.168.0.9'], 'p1')];
}

function device(user: string, domain: string, realms: string[], accountId: string): DemoEntity {
  return {
    kind: 'device',
    id: `${user}-${domain.replace(/[^A-Za-z0-9]/g, '-')}`,
    accountId,
    data: {
      username: user,
      domain,
      realms,
      ha1ByRealm: ha1ByRealm(user, realms, demoDevicePassword(user)),
      callerIdNumber: user,
      status: 'active',
    },
  };
}

async function seedEntity(
  store: ConfigStore,
  demo: DemoEntity,
  paths: ReadonlyMap<string, string>,
  nowEpochMs: number,
): Promise<void> {
  const path = paths.get(demo.accountId);
  if (path === undefined)
    throw new Error(`seed: ${demo.kind} ${demo.id} on unknown account ${demo.accountId}`);
  const entity: OwnedEntity<object> = {
    kind: demo.kind,
    id: demo.id,
    accountId: demo.accountId,
    path,
    revision: 1,
    createdAtEpochMs: nowEpochMs,
    updatedAtEpochMs: nowEpochMs,
    data: demo.data,
  };
  const spec = demo.kind in SPECS ? SPECS[demo.kind as keyof typeof SPECS] : undefined;
  const claims = spec ? spec.claims(demo.data) : [];
  const subject = { entity: demo.kind, entityId: demo.id, accountId: demo.accountId, path };
  const { ha1ByRealm: _secret, ...visible } = demo.data;
  await expectWritten(store.create(entity, claims, seedAudit(subject, nowEpochMs, visible)));
}

function seedAudit(
  subject: Pick<AuditEntry, 'entity' | 'entityId' | 'accountId' | 'path'>,
  atEpochMs: number,
  after: Record<string, unknown>,
): AuditEntry {
  return {
    auditId: `seed-${subject.entity}-${subject.entityId}`,
    atEpochMs,
    actor: 'system:seed',
    action: 'create',
    ...subject,
    after,
  };
}

/** A re-run meets its own records: "exists" and "duplicate" mean already seeded. */
async function expectWritten(outcome: Promise<PlanOutcome>): Promise<void> {
  const result = await outcome;
  if (result.ok || /_exists$|^duplicate_/.test(result.code)) return;
  throw new Error(`seed: write refused: ${result.code}`);
}
