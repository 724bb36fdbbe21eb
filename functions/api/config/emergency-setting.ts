/**
 * The operator's emergency setting (issue 9): the trunk every emergency call goes out through
 * and, per country, the numbers that replace the defaults of `core/authorization/emergency.ts`.
 * One `setting` entity in the config table (`id = emergency`, owned by the operator), written
 * like every configuration change: a new revision, conditional on the one read, with its audit
 * entry in the same transaction.
 */
import { z } from 'zod';
import { idsOfPath } from '../../../core/accounts/tenancy';
import type { AuditAction } from '../../../core/audit/audit';
import { canReach } from '../../../core/auth/guard';
import type { Principal } from '../../../core/auth/roles';
import type { OwnedEntity } from '../../shared/dynamo/config-store';
import type { ApiDeps } from '../deps';
import { auditEntry } from './audit-entry';
import { countrySchema, entityIdSchema } from './fields';
import { notFound, throwUnlessWritten } from './outcomes';

export const EMERGENCY_SETTING_ID = 'emergency';

/** Emergency numbers are short codes (112, 911, 000…); 15 digits is E.164's whole length. */
const emergencyNumber = z.string().regex(/^[0-9]{1,15}$/, 'must be 1 to 15 digits');

export const emergencySettingBody = z
  .object({
    trunkId: entityIdSchema,
    /** Replaces the default list of each country named; the others keep their defaults. */
    numbersByCountry: z
      .record(
        countrySchema,
        z.array(emergencyNumber).min(1, 'must list at least one number').max(20),
      )
      .default({}),
  })
  .strict();

export type EmergencySettingData = z.output<typeof emergencySettingBody>;
export type EmergencySetting = OwnedEntity<EmergencySettingData>;

export function readEmergencySetting(deps: ApiDeps): Promise<EmergencySetting | undefined> {
  return deps.config.get<EmergencySettingData>('setting', EMERGENCY_SETTING_ID);
}

interface WriteRequest {
  readonly requestId: string;
  readonly principal: Principal | undefined;
  readonly deps: ApiDeps;
}

/** Sets the setting (a new revision); the trunk must exist and be the caller's to see. */
export async function writeEmergencySetting(
  request: WriteRequest,
  data: EmergencySettingData,
): Promise<EmergencySetting> {
  const { deps, principal } = request;
  const trunk = await deps.config.get('trunk', data.trunkId);
  if (!trunk || !canReach(principal!, trunk.path, 'self_or_descendant')) {
    throw notFound('trunk_not_found', `no such trunk: ${data.trunkId}`, 'trunkId');
  }
  const operatorId = idsOfPath(principal!.subtreePath)[0]!;
  const operator = await deps.directory.getAccount(operatorId);
  if (!operator) throw new Error(`emergency setting: no operator account ${operatorId}`);
  const before = await readEmergencySetting(deps);
  const now = deps.clock.nowEpochMs();
  const after: EmergencySetting = {
    kind: 'setting',
    id: EMERGENCY_SETTING_ID,
    accountId: operator.accountId,
    path: operator.path,
    revision: (before?.revision ?? 0) + 1,
    createdAtEpochMs: before?.createdAtEpochMs ?? now,
    updatedAtEpochMs: now,
    data,
  };
  const action: AuditAction = before ? 'update' : 'create';
  const subject = {
    entity: 'setting',
    entityId: EMERGENCY_SETTING_ID,
    accountId: operator.accountId,
    path: operator.path,
  };
  const audit = auditEntry(request, now, action, subject, {
    ...(before ? { before: before.data } : {}),
    after: data,
  });
  throwUnlessWritten(
    before
      ? await deps.config.update(before, after, { added: [], removed: [] }, audit)
      : await deps.config.create(after, [], audit),
  );
  return after;
}
