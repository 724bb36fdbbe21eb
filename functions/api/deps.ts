/**
 * What the API's routes may use. Built once per function instance (cold start) by `handler.ts`,
 * or by tests and `local/` with their own tables.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Directory } from '../../core/auth/directory';
import type { Clock } from '../../core/ledger/ports';
import type { LedgerService } from '../../core/ledger/service';
import type { AccountStore } from '../shared/dynamo/account-store';
import type { AuditLog } from '../shared/dynamo/audit-log';
import type { ConfigStore } from '../shared/dynamo/config-store';
import type { CurrencyStore } from '../shared/dynamo/currency-store';
import type { ImportQueue } from '../../core/imports/queue';
import type { ObjectStore } from '../../core/objects/object-store';
import type { ImportStore } from '../shared/dynamo/import-store';
import type { LoginThrottle } from '../shared/dynamo/login-throttle';
import type { SnapshotVersions } from '../shared/dynamo/snapshot-versions';
import type { TokenService } from '../shared/auth/tokens';
import type { CdrQueue } from '../../core/cdr/queue';
import type { RaterDeps } from '../rate-cdrs/deps';

/** The CDR pipeline as the API sees it (issue 8): the queue batches go to, the rater's stores. */
export interface CdrApiDeps {
  readonly queue: CdrQueue;
  /** The CDR store (`rater.cdrs`) and what re-rating an unrated CDR needs. */
  readonly rater: RaterDeps;
}

export interface ApiDeps {
  readonly ledger: LedgerService;
  readonly directory: Directory;
  /** Full account profiles (issue 7): tenancy, limits, billing settings. */
  readonly accounts: AccountStore;
  /** Devices, IP ACLs, caller IDs, trunks, rate groups. */
  readonly config: ConfigStore;
  readonly currencies: CurrencyStore;
  /** Per edge subtree, the snapshot version last built and the configuration epoch it saw. */
  readonly snapshotVersions: SnapshotVersions;
  readonly audit: AuditLog;
  /** Deck imports and versions (records), their files (objects) and the worker's queue. */
  readonly imports: ImportStore;
  readonly objects: ObjectStore;
  readonly importQueue: ImportQueue;
  readonly throttle: LoginThrottle;
  readonly cdrs: CdrApiDeps;
  /** Resolved on first use: the signing key is read from DynamoDB. */
  readonly tokens: () => Promise<TokenService>;
  readonly clock: Clock;
  readonly logger: Logger;
}
