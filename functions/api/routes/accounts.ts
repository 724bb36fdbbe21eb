/**
 * Accounts: create under a parent the caller can see, read, change, list a subtree. Closing is
 * a change of `status` to `closed` (soft: ledger, CDRs and invoices stay).
 */
import { MAX_TREE_DEPTH, placeAccount } from '../../../core/accounts/tenancy';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import {
  accountPage,
  accountSchema,
  changeAccountBody,
  createAccountBody,
} from '../config/account-schemas';
import { changedProfile, newProfile } from '../config/account-profile';
import { checkLifecycle, checkProfile } from '../config/account-rules';
import { auditEntry } from '../config/audit-entry';
import { pageQuery } from '../config/page-query';
import { throwUnlessWritten, unprocessable } from '../config/outcomes';
import { defineRoute } from '../http/route';
import { TREE_READERS } from './access';
import { accountParams } from '../schemas';
import { MONEY_WRITERS } from './money';

const WRITERS = MONEY_WRITERS;

/** Why a parent cannot hold the new account, per placement code. */
const PLACEMENT = {
  parent_cannot_have_children: 'only the operator or a reseller holds accounts',
  tree_too_deep: `the tree is at most ${MAX_TREE_DEPTH} levels deep: this parent is at the bottom`,
  operator_exists: 'a deployment has one operator',
} as const;

export const createAccountRoute = defineRoute({
  method: 'POST',
  path: '/accounts',
  operationId: 'createAccount',
  summary: 'Create a reseller, customer or provider under an account the caller can see',
  idempotency: 'A repeat with the same accountId is a 409 account_exists; nothing changes.',
  access: { roles: WRITERS, access: 'write' },
  body: createAccountBody,
  targets: ({ body }) => [
    { accountId: body.parentId, relation: 'self_or_descendant', field: 'parentId' },
  ],
  responses: { 201: { description: 'Created, with a zero balance', schema: accountSchema } },
  async handle(context) {
    const { body: input, accounts, deps, principal } = context;
    const placement = placeAccount(accounts.get(input.parentId)!, input.accountId, input.type);
    if (!placement.ok) throw unprocessable(placement.code, PLACEMENT[placement.code], 'parentId');
    const now = deps.clock.nowEpochMs();
    const profile = newProfile(input, placement, now);
    await checkProfile(deps, principal!, profile);
    const subject = {
      entity: 'account',
      entityId: profile.accountId,
      accountId: profile.accountId,
      path: profile.path,
    };
    const audit = auditEntry(context, now, 'create', subject, { after: profile });
    throwUnlessWritten(await deps.accounts.create(profile, audit));
    return { status: 201, body: profile };
  },
});

export const getAccountRoute = defineRoute({
  method: 'GET',
  path: '/accounts/{accountId}',
  operationId: 'getAccount',
  summary: 'The profile of an account',
  idempotency: 'Read-only; a consistent read.',
  access: { roles: HUMAN_ROLES, access: 'read' },
  params: accountParams,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: { 200: { description: 'The account', schema: accountSchema } },
  async handle({ params, deps }) {
    const profile = await deps.accounts.get(params.accountId);
    if (!profile) throw new Error(`account ${params.accountId}: directory record without profile`);
    return { status: 200, body: profile };
  },
});

export const changeAccountRoute = defineRoute({
  method: 'PATCH',
  path: '/accounts/{accountId}',
  operationId: 'changeAccount',
  summary: 'Change fields of an account below the caller (status closed closes it, softly)',
  idempotency: 'Sets fields: a repeat sets them again (a new revision, a new audit entry).',
  access: { roles: WRITERS, access: 'write' },
  params: accountParams,
  body: changeAccountBody,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'descendant', field: 'accountId' },
  ],
  responses: { 200: { description: 'The account as changed', schema: accountSchema } },
  async handle(context) {
    const { params, body: change, deps, principal } = context;
    const before = await deps.accounts.get(params.accountId);
    if (!before) throw new Error(`account ${params.accountId}: directory record without profile`);
    const now = deps.clock.nowEpochMs();
    const after = changedProfile(before, change, now);
    await checkLifecycle(deps, before, after);
    await checkProfile(deps, principal!, after);
    const subject = {
      entity: 'account',
      entityId: after.accountId,
      accountId: after.accountId,
      path: after.path,
    };
    const audit = auditEntry(context, now, 'update', subject, { before, after });
    throwUnlessWritten(await deps.accounts.update(before, after, audit));
    return { status: 200, body: after };
  },
});

export const listAccountsRoute = defineRoute({
  method: 'GET',
  path: '/accounts/{accountId}/accounts',
  operationId: 'listAccounts',
  summary: 'An account and every account below it, parents first, paginated',
  idempotency: 'Read-only; pass nextCursor back as cursor for the next page.',
  access: { roles: TREE_READERS, access: 'read' },
  params: accountParams,
  query: pageQuery,
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: { 200: { description: 'One page', schema: accountPage } },
  async handle({ params, query, accounts, deps }) {
    const root = accounts.get(params.accountId)!;
    const page = await deps.accounts.list(root.path, query.limit ?? 50, query.cursor);
    return { status: 200, body: page };
  },
});
