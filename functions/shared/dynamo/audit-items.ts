/**
 * Audit entries as items of the `config` table: one copy per ancestor of the changed account
 * (`pk = AUDIT#<ancestor id>`, `sk = <15-digit ms>#<request id>`), so each subtree's log is one
 * partition read newest first. Written inside the change's own transaction (`write-plan.ts`).
 */
import { auditScopes, type AuditEntry } from '../../../core/audit/audit';
import type { PlannedAction } from './write-plan';

const TIME_DIGITS = 15;

export function auditSk(entry: Pick<AuditEntry, 'atEpochMs' | 'auditId'>): string {
  return `${String(entry.atEpochMs).padStart(TIME_DIGITS, '0')}#${entry.auditId}`;
}

export function auditActions(tableName: string, entry: AuditEntry): PlannedAction[] {
  return auditScopes(entry).map((scope) => ({
    action: {
      Put: {
        TableName: tableName,
        Item: { pk: `AUDIT#${scope}`, sk: auditSk(entry), ...entry },
        // One request writes one entry: a retried request id must not overwrite history.
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    failure: { code: 'audit_entry_exists', field: null },
  }));
}

export function auditFromItem(item: Record<string, unknown>): AuditEntry {
  const { pk: _pk, sk: _sk, ...entry } = item;
  return entry as unknown as AuditEntry;
}
