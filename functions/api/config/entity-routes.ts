/**
 * The five routes of an account-owned entity kind, built from its spec: list, create, get,
 * change, delete under `/accounts/{accountId}/<segment>`. The account in the path goes through
 * the one guard (404 outside the subtree); an entity id that belongs to another account answers
 * the same 404 as a missing one, so ids elsewhere stay unknown.
 */
import { z } from 'zod';
import type { AccessPolicy } from '../../../core/auth/guard';
import { defineRoute, type AnyRoute, type RouteTarget } from '../http/route';
import { accountIdSchema } from '../schemas';
import { entityIdSchema } from './fields';
import type { AnyEntitySpec } from './entity-spec';
import {
  changeEntity,
  createEntity,
  deleteEntity,
  listEntities,
  type EntityRouteContext,
  readEntity,
} from './entity-service';
import { pageQueryWithSubtree } from './page-query';

/** What the five routes of one kind share: schemas, policies, the guard's target. */
interface Shared {
  readonly spec: AnyEntitySpec;
  readonly collection: z.ZodType<{ accountId: string }>;
  readonly one: z.ZodType<{ accountId: string } & Record<string, string>>;
  readonly view: z.ZodType;
  readonly base: string;
  readonly read: AccessPolicy;
  readonly write: AccessPolicy;
  readonly target: (params: { accountId: string }) => RouteTarget[];
  readonly idOf: (params: Record<string, string>) => string;
}

export function entityRoutes(spec: AnyEntitySpec): AnyRoute[] {
  const shared: Shared = {
    spec,
    collection: z.object({ accountId: accountIdSchema }).strict(),
    // Typed as a record: the id parameter's name comes from the spec (the runtime schema is exact).
    one: z
      .object({ accountId: accountIdSchema, [spec.idParam]: entityIdSchema })
      .strict() as unknown as z.ZodType<{ accountId: string } & Record<string, string>>,
    view: entityView(spec),
    base: `/accounts/{accountId}/${spec.segment}`,
    read: { roles: spec.readers, access: 'read' },
    write: { roles: spec.writers, access: 'write' },
    target: (params) => [
      { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
    ],
    idOf: (params) => params[spec.idParam]!,
  };
  return [...collectionRoutes(shared), ...itemRoutes(shared)];
}

function collectionRoutes(shared: Shared): AnyRoute[] {
  const { spec, collection, view, base, read, write, target } = shared;
  const page = z
    .object({ items: z.array(view), nextCursor: z.string().optional() })
    .strict()
    .meta({ id: `${spec.singular}Page` });
  return [
    defineRoute({
      method: 'GET',
      path: base,
      operationId: `list${spec.plural}`,
      summary: `${spec.plural} of an account (or of its whole subtree with subtree=true)`,
      idempotency: 'Read-only; pass nextCursor back as cursor for the next page.',
      access: read,
      params: collection,
      query: pageQueryWithSubtree,
      targets: ({ params }) => target(params),
      responses: { 200: { description: 'One page', schema: page } },
      handle: (context) => listEntities(spec, context as EntityRouteContext),
    }),
    defineRoute({
      method: 'POST',
      path: base,
      operationId: `create${spec.singular}`,
      summary: `Create a ${spec.singular.toLowerCase()} on an account`,
      idempotency: 'A repeat with the same id is a 409; nothing changes.',
      access: write,
      params: collection,
      body: spec.createBody,
      targets: ({ params }) => target(params),
      responses: { 201: { description: 'Created', schema: view } },
      handle: (context) => createEntity(spec, context as EntityRouteContext),
    }),
  ];
}

function itemRoutes(shared: Shared): AnyRoute[] {
  const { spec, one, view, base, read, write, target, idOf } = shared;
  const path = `${base}/{${spec.idParam}}`;
  const name = spec.singular.toLowerCase();
  return [
    defineRoute({
      method: 'GET',
      path,
      operationId: `get${spec.singular}`,
      summary: `One ${name}`,
      idempotency: 'Read-only; a consistent read.',
      access: read,
      params: one,
      targets: ({ params }) => target(params),
      responses: { 200: { description: 'Found', schema: view } },
      handle: (context) => readEntity(spec, context as EntityRouteContext, idOf(context.params)),
    }),
    defineRoute({
      method: 'PATCH',
      path,
      operationId: `change${spec.singular}`,
      summary: `Change fields of a ${name}`,
      idempotency: 'Sets fields: a repeat sets them again (a new revision, a new audit entry).',
      access: write,
      params: one,
      body: spec.changeBody,
      targets: ({ params }) => target(params),
      responses: { 200: { description: 'Changed', schema: view } },
      handle: (context) => changeEntity(spec, context as EntityRouteContext, idOf(context.params)),
    }),
    defineRoute({
      method: 'DELETE',
      path,
      operationId: `delete${spec.singular}`,
      summary: `Delete a ${name} (the audit log keeps what it was)`,
      idempotency: 'A repeat answers 404: the entity is gone.',
      access: write,
      params: one,
      targets: ({ params }) => target(params),
      responses: { 200: { description: 'Deleted; the last state', schema: view } },
      handle: (context) => deleteEntity(spec, context as EntityRouteContext, idOf(context.params)),
    }),
  ];
}

function entityView(spec: AnyEntitySpec): z.ZodType {
  return z
    .object({
      id: z.string(),
      accountId: z.string(),
      revision: z.int(),
      createdAtEpochMs: z.int(),
      updatedAtEpochMs: z.int(),
      ...spec.viewShape,
    })
    .strict()
    .meta({ id: spec.singular });
}
