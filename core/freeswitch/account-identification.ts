/**
 * Which account a CDR belongs to. Calls the edge authorized carry `tollgate_account`; for the
 * rest (imports, calls that bypassed the edge) the order is fixed:
 *
 * 1. `accountCode` (the directory user's `accountcode`, or one the dialplan set);
 * 2. the digest-authenticated SIP user (`authUser` at `authRealm`) — proven by a password;
 * 3. only with the explicit import option `trustCallerSipUser`: the caller's SIP From user at
 *    its host — anyone can write any From header, so this is opt-in for trusted imports;
 * 4. otherwise `unknown_account`: the CDR is kept as unratable, never dropped.
 *
 * The result is a key to look up, not an account: resolving it needs the account snapshot.
 */
import type { NormalizedCdr } from './normalized-cdr';

export type AccountKey =
  | { readonly source: 'tollgate_account'; readonly accountId: string }
  | { readonly source: 'account_code'; readonly accountCode: string }
  | { readonly source: 'auth_user'; readonly user: string; readonly realm: string | null }
  | { readonly source: 'caller_sip_user'; readonly user: string; readonly domain: string };

export type AccountIdentification =
  | { readonly ok: true; readonly key: AccountKey }
  | { readonly ok: false; readonly code: 'unknown_account'; readonly message: string };

export interface AccountIdentificationOptions {
  /** Import option: accept the unauthenticated SIP From user@host as the account. */
  readonly trustCallerSipUser: boolean;
}

type IdentifiedBy = Pick<
  NormalizedCdr,
  'tollgate' | 'accountCode' | 'authUser' | 'authRealm' | 'callerSipUser' | 'callerSipDomain'
>;

export function identifyAccount(
  cdr: IdentifiedBy,
  options: AccountIdentificationOptions = { trustCallerSipUser: false },
): AccountIdentification {
  const accountId = cdr.tollgate?.account;
  if (accountId !== undefined) return { ok: true, key: { source: 'tollgate_account', accountId } };
  if (cdr.accountCode !== null) {
    return { ok: true, key: { source: 'account_code', accountCode: cdr.accountCode } };
  }
  if (cdr.authUser !== null) {
    return { ok: true, key: { source: 'auth_user', user: cdr.authUser, realm: cdr.authRealm } };
  }
  if (options.trustCallerSipUser && cdr.callerSipUser !== null && cdr.callerSipDomain !== null) {
    const { callerSipUser: user, callerSipDomain: domain } = cdr;
    return { ok: true, key: { source: 'caller_sip_user', user, domain } };
  }
  return {
    ok: false,
    code: 'unknown_account',
    message: 'no tollgate_account, accountcode or digest user identifies the account',
  };
}
