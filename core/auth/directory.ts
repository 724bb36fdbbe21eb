/**
 * The directory port: accounts' places in the tenancy tree, users and API keys. The DynamoDB
 * adapter is `functions/shared/dynamo/directory.ts`; the accounts issue extends the records.
 */
import type { BillingMode } from '../ledger/available';
import type { Role } from './roles';

export const ACCOUNT_TYPES = ['operator', 'reseller', 'customer', 'provider'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export interface AccountRecord {
  readonly accountId: string;
  readonly name: string;
  readonly type: AccountType;
  /** Undefined only for the operator, the root. */
  readonly parentId?: string;
  /** `/op/r1/c7/`: ids from the root down; see `roles.ts`. */
  readonly path: string;
  readonly currency: string;
  readonly mode: BillingMode;
}

export interface UserRecord {
  readonly login: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly accountId: string;
}

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly secretHash: string;
  readonly role: Role;
  readonly accountId: string;
  readonly name: string;
}

export interface Directory {
  getAccount(accountId: string): Promise<AccountRecord | undefined>;
  getUser(login: string): Promise<UserRecord | undefined>;
  getApiKey(keyId: string): Promise<ApiKeyRecord | undefined>;
}
