/**
 * What the API's routes may use. Built once per function instance (cold start) by `handler.ts`,
 * or by tests and `local/` with their own tables.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Directory } from '../../core/auth/directory';
import type { Clock } from '../../core/ledger/ports';
import type { LedgerService } from '../../core/ledger/service';
import type { LoginThrottle } from '../shared/dynamo/login-throttle';
import type { TokenService } from '../shared/auth/tokens';

export interface ApiDeps {
  readonly ledger: LedgerService;
  readonly directory: Directory;
  readonly throttle: LoginThrottle;
  /** Resolved on first use: the signing key is read from DynamoDB. */
  readonly tokens: () => Promise<TokenService>;
  readonly clock: Clock;
  readonly logger: Logger;
}
