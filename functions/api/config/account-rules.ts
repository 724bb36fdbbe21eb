/**
 * Checks a profile against the rest of the configuration before it is written: its currency
 * exists, its rate group is one it may use, its caller-ID policy has what it needs, and a
 * status change is one the lifecycle allows. Each refusal names the field.
 */
import type { AccountProfile } from '../../../core/accounts/account';
import { idsOfPath, isAncestorPath } from '../../../core/accounts/tenancy';
import { canReach } from '../../../core/auth/guard';
import type { Principal } from '../../../core/auth/roles';
import type { ApiDeps } from '../deps';
import { ApiError } from '../http/errors';
import { notFound, unprocessable } from './outcomes';

export async function checkProfile(
  deps: ApiDeps,
  principal: Principal,
  profile: AccountProfile,
): Promise<void> {
  if (!(await isCurrency(deps, profile))) {
    throw unprocessable(
      'unknown_currency',
      `${profile.currency} is not a currency of this deployment`,
      'currency',
    );
  }
  if (profile.callerIdPolicy === 'account' && profile.callerIdNumber === undefined) {
    throw unprocessable(
      'caller_id_number_required',
      'policy "account" needs callerIdNumber',
      'callerIdNumber',
    );
  }
  if (profile.rateGroupId !== undefined) await checkRateGroup(deps, principal, profile);
}

/** The operator's currency is the base; any other needs a rate to it. */
async function isCurrency(deps: ApiDeps, profile: AccountProfile): Promise<boolean> {
  const operator = await deps.directory.getAccount(idsOfPath(profile.path)[0]!);
  if (operator?.currency === profile.currency) return true;
  return (await deps.currencies.get(profile.currency)) !== undefined;
}

/**
 * A rate group belongs to the operator or a reseller and prices the accounts below its owner:
 * the account's rate group must be owned by one of its ancestors the caller can see.
 */
async function checkRateGroup(
  deps: ApiDeps,
  principal: Principal,
  profile: AccountProfile,
): Promise<void> {
  const group = await deps.config.get('rate_group', profile.rateGroupId!);
  if (!group || !canReach(principal, group.path, 'self_or_descendant')) {
    throw notFound('rate_group_not_found', 'no such rate group', 'rateGroupId');
  }
  if (!isAncestorPath(group.path, profile.path)) {
    throw unprocessable(
      'rate_group_not_usable',
      'a rate group prices only accounts below the account that owns it',
      'rateGroupId',
    );
  }
}

/**
 * Closing is soft and final: ledger, CDRs and invoices stay; a closed account stays closed. An
 * account that holds others (a reseller, the operator) closes only after every one below it.
 */
export async function checkLifecycle(
  deps: ApiDeps,
  before: AccountProfile,
  after: AccountProfile,
): Promise<void> {
  if (before.status === 'closed') {
    throw new ApiError(409, 'account_closed', 'a closed account cannot be changed', 'status');
  }
  if (after.status !== 'closed' || before.type === 'customer' || before.type === 'provider') return;
  const open = (account: AccountProfile) =>
    account.accountId !== before.accountId && account.status !== 'closed';
  if (await someAccountBelow(deps, before.path, open)) {
    throw new ApiError(
      409,
      'account_has_open_children',
      'close the accounts below it first',
      'status',
    );
  }
}

/** Pages through the accounts at and below `path` (parents first) until one matches. */
export async function someAccountBelow(
  deps: ApiDeps,
  path: string,
  matches: (account: AccountProfile) => boolean,
): Promise<boolean> {
  let cursor: string | undefined;
  do {
    const page = await deps.accounts.list(path, 100, cursor);
    if (page.accounts.some(matches)) return true;
    cursor = page.nextCursor;
  } while (cursor);
  return false;
}
