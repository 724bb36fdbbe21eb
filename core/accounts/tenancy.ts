/**
 * Where an account may sit in the tenancy tree. One operator at the root; resellers nest to any
 * depth; customers and providers belong to the operator or to a reseller and have no children.
 */
import type { AccountRecord, AccountType } from '../auth/directory';
import { accountPath } from '../auth/roles';

/** A limit on nesting, so a path (and each audit fan-out) stays bounded. */
export const MAX_TREE_DEPTH = 16;

export type Placement =
  | { readonly ok: true; readonly path: string }
  | {
      readonly ok: false;
      readonly code: 'parent_cannot_have_children' | 'operator_exists' | 'tree_too_deep';
    };

export function placeAccount(
  parent: AccountRecord,
  accountId: string,
  type: AccountType,
): Placement {
  if (type === 'operator') return { ok: false, code: 'operator_exists' };
  if (parent.type !== 'operator' && parent.type !== 'reseller') {
    return { ok: false, code: 'parent_cannot_have_children' };
  }
  const ids = idsOfPath(parent.path);
  if (ids.length >= MAX_TREE_DEPTH) return { ok: false, code: 'tree_too_deep' };
  return { ok: true, path: accountPath([...ids, accountId]) };
}

/** `/op/r1/c7/` -> ['op', 'r1', 'c7']: the account and its ancestors, root first. */
export function idsOfPath(path: string): string[] {
  return path.split('/').filter((id) => id !== '');
}

/** Whether `ancestorPath` is strictly above `path` in the tree. */
export function isAncestorPath(ancestorPath: string, path: string): boolean {
  return path.startsWith(ancestorPath) && path !== ancestorPath;
}
