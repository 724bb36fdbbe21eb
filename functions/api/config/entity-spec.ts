/**
 * What one kind of account-owned configuration needs to be served by the generic routes in
 * `entity-routes.ts`: its schemas, who may read and write it, which accounts may own it, how a
 * request becomes stored data (validation, HA1 hashing…), its uniqueness claims and its view.
 */
import type { z } from 'zod';
import type { AccountProfile } from '../../../core/accounts/account';
import type { AccountType } from '../../../core/auth/directory';
import type { Principal, Role } from '../../../core/auth/roles';
import type { EntityKind, UniqueClaim } from '../../shared/dynamo/config-store';
import type { ApiDeps } from '../deps';

export interface EntityContext {
  readonly deps: ApiDeps;
  readonly principal: Principal;
  readonly owner: AccountProfile;
}

export interface EntitySpec<C extends z.ZodType, U extends z.ZodType, D extends object> {
  readonly kind: EntityKind;
  /** URL segment under the account: `devices`. */
  readonly segment: string;
  /** Path parameter naming one entity: `deviceId`. */
  readonly idParam: string;
  /** For operation ids: `Device` → listDevices, createDevice, getDevice, changeDevice, deleteDevice. */
  readonly singular: string;
  readonly plural: string;
  readonly readers: readonly Role[];
  readonly writers: readonly Role[];
  /** Account types that may own one; absent = any. */
  readonly ownerTypes?: readonly AccountType[];
  readonly createBody: C;
  readonly changeBody: U;
  /** The view's fields beside id, accountId, revision and the times. */
  readonly viewShape: z.ZodRawShape;
  create(input: z.output<C>, context: EntityContext): Promise<D>;
  change(before: D, input: z.output<U>, context: EntityContext): Promise<D>;
  claims(data: D): readonly UniqueClaim[];
  view(data: D): Record<string, unknown>;
  /** Throws an ApiError when something else still needs the entity (e.g. a trunk in use). */
  beforeDelete?(id: string, context: EntityContext): Promise<void>;
}

/** Specs are held as a list; each is fully typed where it is written. */
export type AnyEntitySpec = EntitySpec<z.ZodType, z.ZodType, object>;

export function defineEntity<C extends z.ZodType, U extends z.ZodType, D extends object>(
  spec: EntitySpec<C, U, D>,
): AnyEntitySpec {
  return spec as unknown as AnyEntitySpec;
}
