/**
 * The audit log: every admin or reseller write records who, what, when, and the entity before
 * and after. An entry is written once per ancestor of the entity's account (the account itself
 * included), so each reseller reads its subtree's log — newest first — from one partition, and
 * the operator reads everything. It is written in the same transaction as the change itself.
 */
import { idsOfPath } from '../accounts/tenancy';

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** The request id: one write request is one entry. */
  readonly auditId: string;
  readonly atEpochMs: number;
  /** `user:<login>` or `edge:<key id>`. */
  readonly actor: string;
  readonly action: AuditAction;
  /** `account`, `device`, `ip_acl`, `caller_id`, `trunk`, `rate_group`, `currency`, … */
  readonly entity: string;
  readonly entityId: string;
  /** The account the entity belongs to (its path decides who may read the entry). */
  readonly accountId: string;
  readonly path: string;
  /** The entity as it was (absent on create) and as it is (absent on delete); no secrets. */
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
}

/** The accounts whose audit partition receives this entry: every id on its path. */
export function auditScopes(entry: Pick<AuditEntry, 'path'>): string[] {
  return idsOfPath(entry.path);
}
