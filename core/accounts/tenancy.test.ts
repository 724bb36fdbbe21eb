// Proves the tenancy rules: resellers nest to any depth (up to the stated limit), customers and providers hold no accounts, there is one operator.
import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../auth/directory';
import { isAncestorPath, MAX_TREE_DEPTH, placeAccount } from './tenancy';

const record = (type: AccountRecord['type'], path: string): AccountRecord => ({
  accountId: path.split('/').filter(Boolean).pop()!,
  name: 'x',
  type,
  path,
  currency: 'USD',
  mode: 'prepaid',
});

describe('placeAccount', () => {
  it('places under the operator and under resellers at any depth', () => {
    expect(placeAccount(record('operator', '/op/'), 'r1', 'reseller')).toEqual({
      ok: true,
      path: '/op/r1/',
    });
    expect(placeAccount(record('reseller', '/op/r1/r2/r3/'), 'c9', 'customer')).toEqual({
      ok: true,
      path: '/op/r1/r2/r3/c9/',
    });
    expect(placeAccount(record('reseller', '/op/r1/'), 'p9', 'provider')).toEqual({
      ok: true,
      path: '/op/r1/p9/',
    });
  });

  it('refuses children of customers and providers, a second operator, and trees deeper than the limit', () => {
    expect(placeAccount(record('customer', '/op/c1/'), 'x', 'customer')).toMatchObject({
      code: 'parent_cannot_have_children',
    });
    expect(placeAccount(record('provider', '/op/p1/'), 'x', 'customer')).toMatchObject({
      code: 'parent_cannot_have_children',
    });
    expect(placeAccount(record('operator', '/op/'), 'x', 'operator')).toMatchObject({
      code: 'operator_exists',
    });
    const deep = `/${Array.from({ length: MAX_TREE_DEPTH }, (_, i) => `r${i}`).join('/')}/`;
    expect(placeAccount(record('reseller', deep), 'x', 'customer')).toMatchObject({
      code: 'tree_too_deep',
    });
  });

  it('compares paths by whole ids', () => {
    expect(isAncestorPath('/op/r1/', '/op/r1/c1/')).toBe(true);
    expect(isAncestorPath('/op/r1/', '/op/r10/c1/')).toBe(false);
    expect(isAncestorPath('/op/r1/', '/op/r1/')).toBe(false);
  });
});
