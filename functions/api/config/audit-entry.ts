/**
 * Builds the audit entry of a write from the request: the request id names it, the principal is
 * the actor, the clock gives the time. Secrets (HA1 hashes) never reach an entry.
 */
import type { AuditAction, AuditEntry } from '../../../core/audit/audit';
import type { Principal } from '../../../core/auth/roles';

export interface AuditSubject {
  readonly entity: string;
  readonly entityId: string;
  readonly accountId: string;
  readonly path: string;
}

export function auditEntry(
  request: { readonly requestId: string; readonly principal: Principal | undefined },
  atEpochMs: number,
  action: AuditAction,
  subject: AuditSubject,
  change: { readonly before?: object; readonly after?: object },
): AuditEntry {
  return {
    auditId: request.requestId,
    atEpochMs,
    actor: request.principal?.actor ?? 'system',
    action,
    ...subject,
    ...(change.before ? { before: withoutSecrets(change.before) } : {}),
    ...(change.after ? { after: withoutSecrets(change.after) } : {}),
  };
}

const SECRET_FIELDS = new Set(['ha1ByRealm', 'passwordHash', 'secretHash']);

function withoutSecrets(record: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key,
      SECRET_FIELDS.has(key)
        ? '[secret]'
        : value !== null && typeof value === 'object' && !Array.isArray(value)
          ? withoutSecrets(value)
          : value,
    ]),
  );
}
