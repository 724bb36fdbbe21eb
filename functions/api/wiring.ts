/**
 * ApiDeps from table names and a DynamoDB connection — used by the deployed handler (names from
 * the environment CDK sets), by `npm start` and by the tests.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createTokenService, type TokenService } from '../shared/auth/tokens';
import {
  createDocumentClient,
  createDynamoClient,
  type DynamoConnection,
} from '../shared/dynamo/client';
import { AccountStore } from '../shared/dynamo/account-store';
import { AuditLog } from '../shared/dynamo/audit-log';
import { ConfigStore } from '../shared/dynamo/config-store';
import { CurrencyStore } from '../shared/dynamo/currency-store';
import { DynamoDirectory } from '../shared/dynamo/directory';
import { createDynamoLedger } from '../shared/dynamo/ledger';
import { DynamoLoginThrottle } from '../shared/dynamo/login-throttle';
import { loadSigningKey } from '../shared/dynamo/signing-key';
import { systemClock } from '../shared/system';
import type { TableNames } from '../shared/tables';
import type { ApiDeps } from './deps';

export function createApiDeps(
  names: TableNames,
  connection: DynamoConnection,
  logger = new Logger({ serviceName: 'api' }),
): ApiDeps {
  const documents = createDocumentClient(createDynamoClient(connection));
  let tokens: Promise<TokenService> | undefined;
  return {
    ledger: createDynamoLedger(documents, names.ledger).service,
    directory: new DynamoDirectory(documents, names.directory),
    accounts: new AccountStore(documents, names),
    config: new ConfigStore(documents, names.config),
    currencies: new CurrencyStore(documents, names.config),
    audit: new AuditLog(documents, names.config),
    throttle: new DynamoLoginThrottle(documents, names.directory),
    // Read once per instance; a failed read is retried by the next request.
    tokens: () => {
      tokens ??= loadSigningKey(documents, names.directory).then(createTokenService);
      tokens.catch(() => (tokens = undefined));
      return tokens;
    },
    clock: systemClock,
    logger,
  };
}

/** Table names and endpoint from the environment (set by the CDK stack, or by `local/`). */
export function apiDepsFromEnv(env: NodeJS.ProcessEnv): ApiDeps {
  const ledger = env.TOLLGATE_LEDGER_TABLE;
  const directory = env.TOLLGATE_DIRECTORY_TABLE;
  const config = env.TOLLGATE_CONFIG_TABLE;
  if (!ledger || !directory || !config)
    throw new Error(
      'api: TOLLGATE_LEDGER_TABLE, TOLLGATE_DIRECTORY_TABLE and TOLLGATE_CONFIG_TABLE must be set',
    );
  const endpoint = env.TOLLGATE_DYNAMODB_ENDPOINT;
  return createApiDeps({ ledger, directory, config }, endpoint ? { endpoint } : {});
}
