/**
 * Who may call the API. Every account sits at a path in the tenancy tree
 * (`/op/r1/c7/`: operator, reseller, customer); a principal sees the subtree under its own path.
 *
 * - admin: everything. sub_admin: everything, read-only.
 * - reseller: its own account and everything below it; it may move money only below itself.
 * - customer, provider: their own account, read-only in this issue.
 * - edge: a machine (API key) that reaches only the edge routes, within its subtree.
 */
export const ROLES = ['admin', 'sub_admin', 'reseller', 'customer', 'provider', 'edge'] as const;
export type Role = (typeof ROLES)[number];

export const HUMAN_ROLES: readonly Role[] = [
  'admin',
  'sub_admin',
  'reseller',
  'customer',
  'provider',
];

export interface Principal {
  /** `user:<login>` or `edge:<key id>`: recorded as the actor of postings. */
  readonly actor: string;
  readonly role: Role;
  readonly accountId: string;
  /** The principal's account path, e.g. `/op/r1/`; its subtree is every path starting with it. */
  readonly subtreePath: string;
}

/** Builds a path from the ids from the root down: ['op', 'r1'] -> `/op/r1/`. */
export function accountPath(idsFromRoot: readonly string[]): string {
  return `/${idsFromRoot.map((id) => `${id}/`).join('')}`;
}
