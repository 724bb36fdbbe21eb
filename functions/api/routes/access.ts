/**
 * Who may call what, named once for the routes that share it: the roles that read a subtree
 * (operator staff and resellers), and the guard target "the account in the path, itself or
 * below the caller".
 */
export const TREE_READERS = ['admin', 'sub_admin', 'reseller'] as const;

export const pathAccountTarget = (params: { accountId: string }) => [
  { accountId: params.accountId, relation: 'self_or_descendant' as const, field: 'accountId' },
];
