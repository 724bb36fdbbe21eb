// Proves the role and subtree rules of the guard, one case per rule, including the path-prefix trap.
import { describe, expect, it } from 'vitest';
import { canReach, checkRole } from './guard';
import type { Principal, Role } from './roles';

const at = (role: Role, subtreePath: string): Principal => ({
  actor: `user:${role}`,
  role,
  accountId: 'x',
  subtreePath,
});

describe('guard', () => {
  it('refuses roles a route does not list, and writes to sub-admins', () => {
    expect(checkRole(at('customer', '/op/c/'), { roles: ['admin'], access: 'read' })).toBe(
      'forbidden',
    );
    expect(
      checkRole(at('sub_admin', '/op/'), { roles: ['admin', 'sub_admin'], access: 'write' }),
    ).toBe('forbidden');
    expect(
      checkRole(at('sub_admin', '/op/'), { roles: ['admin', 'sub_admin'], access: 'read' }),
    ).toBe('allow');
  });

  it('lets a reseller reach its subtree, and write only below itself', () => {
    const reseller = at('reseller', '/op/r1/');
    expect(canReach(reseller, '/op/r1/', 'self_or_descendant')).toBe(true);
    expect(canReach(reseller, '/op/r1/', 'descendant')).toBe(false);
    expect(canReach(reseller, '/op/r1/sub/c9/', 'descendant')).toBe(true);
    expect(canReach(reseller, '/op/r10/', 'self_or_descendant')).toBe(false);
    expect(canReach(reseller, '/op/', 'self_or_descendant')).toBe(false);
  });

  it('keeps customers and providers to their own account', () => {
    expect(canReach(at('customer', '/op/r1/c1/'), '/op/r1/c1/', 'self_or_descendant')).toBe(true);
    expect(canReach(at('customer', '/op/r1/c1/'), '/op/r1/c2/', 'self_or_descendant')).toBe(false);
    expect(canReach(at('provider', '/op/p1/'), '/op/p1/', 'descendant')).toBe(false);
  });

  it('lets admins and sub-admins reach every account', () => {
    expect(canReach(at('admin', '/op/'), '/op/r2/c3/', 'descendant')).toBe(true);
    expect(canReach(at('sub_admin', '/op/'), '/op/r2/c3/', 'self_or_descendant')).toBe(true);
  });
});
