/**
 * The one guard every route goes through. Two questions, asked in this order:
 *
 * 1. May this role call this route at all? No -> 403 (the route exists, the role may not use it).
 * 2. Is each account the request names inside the principal's subtree, in the relation the route
 *    needs? No -> 404, exactly as for an account that does not exist, so a principal cannot learn
 *    which ids exist outside its subtree.
 */
import type { Principal, Role } from './roles';

export type Access = 'read' | 'write';

export interface AccessPolicy {
  readonly roles: readonly Role[];
  readonly access: Access;
}

/**
 * `self_or_descendant`: the principal's own account or any below it (reading, paying from).
 * `descendant`: strictly below it — a reseller may not refill or charge its own account.
 */
export type Relation = 'self_or_descendant' | 'descendant';

export type RoleDecision = 'allow' | 'forbidden';

export function checkRole(principal: Principal, policy: AccessPolicy): RoleDecision {
  if (!policy.roles.includes(principal.role)) return 'forbidden';
  if (principal.role === 'sub_admin' && policy.access === 'write') return 'forbidden';
  return 'allow';
}

/** Whether the account at `targetPath` is visible to the principal for this relation. */
export function canReach(principal: Principal, targetPath: string, relation: Relation): boolean {
  switch (principal.role) {
    case 'admin':
    case 'sub_admin':
      return true;
    case 'reseller':
    case 'edge':
      return isWithin(principal.subtreePath, targetPath, relation);
    case 'customer':
    case 'provider':
      return relation === 'self_or_descendant' && targetPath === principal.subtreePath;
  }
}

function isWithin(rootPath: string, targetPath: string, relation: Relation): boolean {
  // Paths end with '/', so '/op/r1/' never matches '/op/r10/'.
  if (!targetPath.startsWith(rootPath)) return false;
  return relation === 'self_or_descendant' || targetPath !== rootPath;
}
