/**
 * A route is data: method, path, who may call it, the zod schemas of everything it reads and
 * answers, which accounts it touches, and a thin handler. The pipeline, the OpenAPI document and
 * the role × subtree test harness all read the same definitions.
 */
import type { z } from 'zod';
import type { AccountRecord } from '../../../core/auth/directory';
import type { AccessPolicy, Relation } from '../../../core/auth/guard';
import type { Principal } from '../../../core/auth/roles';
import type { ApiDeps } from '../deps';

export interface RouteTarget {
  readonly accountId: string;
  readonly relation: Relation;
  /** The input field that named the account, for the 404. */
  readonly field: string;
}

export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Undefined only on public routes. */
  readonly principal: Principal | undefined;
  readonly idempotencyKey: string | undefined;
  /** The accounts named by `targets`, already checked by the guard. */
  readonly accounts: ReadonlyMap<string, AccountRecord>;
  readonly requestId: string;
  readonly sourceIp: string;
  /** Request headers, lowercase names (conditional requests: `if-none-match`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly deps: ApiDeps;
  readonly routes: readonly AnyRoute[];
}

export interface RouteResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI template, e.g. `/accounts/{accountId}/balance`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  /** One line on what a repeated call does (STYLE: idempotency stated per endpoint). */
  readonly idempotency: string;
  readonly access: 'public' | AccessPolicy;
  /** Money-moving POSTs require an `Idempotency-Key` header with the ledger's semantics. */
  readonly requiresIdempotencyKey?: boolean;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly responses: Readonly<
    Record<number, { readonly description: string; readonly schema: z.ZodType }>
  >;
  // Method syntax (not function-typed properties) on purpose: methods are compared bivariantly,
  // so a route with specific schemas is also a `Route<ZodType, ZodType, ZodType>` (AnyRoute).
  targets?(input: { params: z.output<P>; body: z.output<B> }): readonly RouteTarget[];
  handle(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<RouteResponse>;
}

/**
 * A route of any schemas, as the pipeline, the router and the OpenAPI builder hold them. Each
 * route is fully type-checked by `defineRoute` where it is written, and its input reaches
 * `handle` only after its own zod schemas parsed it.
 */
export type AnyRoute = Route<z.ZodType, z.ZodType, z.ZodType>;

export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(route: Route<P, Q, B>): AnyRoute {
  return route;
}
