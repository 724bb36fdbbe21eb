/** The lease store over given tables with the real clock and backoff (rater, API, sweeper). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Backoff, Clock, LedgerRepository } from '../../../core/ledger/ports';
import { systemBackoff, systemClock } from '../system';
import type { TableNames } from '../tables';
import { AccountStore } from './account-store';
import { CurrencyStore } from './currency-store';
import { LeaseStore } from './lease-store';

export function createLeaseStore(
  documents: DynamoDBDocumentClient,
  names: Pick<TableNames, 'ledger' | 'directory' | 'config'>,
  ledger: LedgerRepository,
  clock: Clock = systemClock,
  backoff: Backoff = systemBackoff,
): LeaseStore {
  return new LeaseStore({
    documents,
    ledgerTable: names.ledger,
    configTable: names.config,
    accounts: new AccountStore(documents, names),
    currencies: new CurrencyStore(documents, names.config),
    ledger,
    clock,
    backoff,
  });
}
