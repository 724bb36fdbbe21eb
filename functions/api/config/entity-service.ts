/**
 * What the generic entity routes do, in the order the guard's contract needs: the path's account
 * was checked by the guard; the entity must belong to that account (else 404, as if missing);
 * the owner must be open and of a type that may own it; then the spec validates, and the store
 * writes the entity, its uniqueness claims and its audit entries in one transaction.
 */
import type { AccountProfile } from '../../../core/accounts/account';
import type { OwnedEntity } from '../../shared/dynamo/config-store';
import { ApiError } from '../http/errors';
import type { RouteContext, RouteResponse } from '../http/route';
import { auditEntry } from './audit-entry';
import type { AnyEntitySpec, EntityContext } from './entity-spec';
import { notFound, throwUnlessWritten, unprocessable } from './outcomes';

type Params = Record<string, string> & { accountId: string };
type Query = { limit?: number; cursor?: string; subtree?: 'true' | 'false' } | undefined;
export type EntityRouteContext = RouteContext<Params, Query, unknown>;
type Context = EntityRouteContext;

export async function listEntities(spec: AnyEntitySpec, context: Context): Promise<RouteResponse> {
  const { params, query, accounts, deps } = context;
  const path = accounts.get(params.accountId)!.path;
  const prefix = query?.subtree === 'true' ? path : `${path}#`;
  const page = await deps.config.list<object>(spec.kind, prefix, query?.limit ?? 50, query?.cursor);
  const body = {
    items: page.items.map((item) => viewOf(spec, item)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
  return { status: 200, body };
}

export async function readEntity(
  spec: AnyEntitySpec,
  context: Context,
  id: string,
): Promise<RouteResponse> {
  return { status: 200, body: viewOf(spec, await ownedEntity(spec, context, id)) };
}

export async function createEntity(spec: AnyEntitySpec, context: Context): Promise<RouteResponse> {
  const { params, deps } = context;
  const entityContext = await writableOwner(spec, context);
  const { id, ...input } = context.body as { id: string };
  const data = await spec.create(input, entityContext);
  const now = deps.clock.nowEpochMs();
  const owner = entityContext.owner;
  const entity: OwnedEntity<object> = {
    kind: spec.kind,
    id,
    accountId: params.accountId,
    path: owner.path,
    revision: 1,
    createdAtEpochMs: now,
    updatedAtEpochMs: now,
    data,
  };
  const audit = auditEntry(context, now, 'create', subjectOf(entity), { after: auditView(entity) });
  throwUnlessWritten(await deps.config.create(entity, spec.claims(data), audit));
  return { status: 201, body: viewOf(spec, entity) };
}

export async function changeEntity(
  spec: AnyEntitySpec,
  context: Context,
  id: string,
): Promise<RouteResponse> {
  const before = await ownedEntity(spec, context, id);
  const entityContext = await writableOwner(spec, context);
  const data = await spec.change(before.data, context.body, entityContext);
  const now = context.deps.clock.nowEpochMs();
  const after = { ...before, data, revision: before.revision + 1, updatedAtEpochMs: now };
  const oldClaims = spec.claims(before.data);
  const newClaims = spec.claims(data);
  const added = newClaims.filter((claim) => !oldClaims.some((old) => old.value === claim.value));
  const removed = oldClaims.filter((old) => !newClaims.some((claim) => claim.value === old.value));
  const change = { before: auditView(before), after: auditView(after) };
  const audit = auditEntry(context, now, 'update', subjectOf(after), change);
  throwUnlessWritten(await context.deps.config.update(before, after, { added, removed }, audit));
  return { status: 200, body: viewOf(spec, after) };
}

export async function deleteEntity(
  spec: AnyEntitySpec,
  context: Context,
  id: string,
): Promise<RouteResponse> {
  const before = await ownedEntity(spec, context, id);
  const entityContext = await writableOwner(spec, context);
  await spec.beforeDelete?.(id, entityContext);
  const now = context.deps.clock.nowEpochMs();
  const audit = auditEntry(context, now, 'delete', subjectOf(before), {
    before: auditView(before),
  });
  throwUnlessWritten(await context.deps.config.remove(before, spec.claims(before.data), audit));
  return { status: 200, body: viewOf(spec, before) };
}

async function ownedEntity(
  spec: AnyEntitySpec,
  context: Context,
  id: string,
): Promise<OwnedEntity<object>> {
  const entity = await context.deps.config.get<object>(spec.kind, id);
  // Another account's entity answers exactly like a missing one.
  if (!entity || entity.accountId !== context.params.accountId) {
    throw notFound(
      `${spec.kind}_not_found`,
      `no such ${spec.kind.replace('_', ' ')} on this account`,
      spec.idParam,
    );
  }
  return entity;
}

async function writableOwner(spec: AnyEntitySpec, context: Context): Promise<EntityContext> {
  const owner: AccountProfile | undefined = await context.deps.accounts.get(
    context.params.accountId,
  );
  if (!owner)
    throw new Error(`account ${context.params.accountId}: directory record without profile`);
  if (owner.status === 'closed') {
    throw new ApiError(409, 'account_closed', 'a closed account cannot be configured', 'accountId');
  }
  if (spec.ownerTypes && !spec.ownerTypes.includes(owner.type)) {
    const allowed = spec.ownerTypes.join(' or ');
    throw unprocessable(
      'owner_type_not_allowed',
      `only a ${allowed} account may own this`,
      'accountId',
    );
  }
  return { deps: context.deps, principal: context.principal!, owner };
}

function subjectOf(entity: OwnedEntity<object>) {
  return {
    entity: entity.kind,
    entityId: entity.id,
    accountId: entity.accountId,
    path: entity.path,
  };
}

function auditView(entity: OwnedEntity<object>): Record<string, unknown> {
  return { revision: entity.revision, ...entity.data };
}

function viewOf(spec: AnyEntitySpec, entity: OwnedEntity<object>): Record<string, unknown> {
  return {
    id: entity.id,
    accountId: entity.accountId,
    revision: entity.revision,
    createdAtEpochMs: entity.createdAtEpochMs,
    updatedAtEpochMs: entity.updatedAtEpochMs,
    ...spec.view(entity.data),
  };
}
