/**
 * Wires the ledger service to DynamoDB with the real clock and backoff.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLedgerService, type LedgerService } from '../../../core/ledger/service';
import { systemBackoff, systemClock } from '../system';
import { DynamoLedgerRepository } from './ledger-repository';

export interface DynamoLedger {
  readonly service: LedgerService;
  readonly repository: DynamoLedgerRepository;
}

export function createDynamoLedger(
  documents: DynamoDBDocumentClient,
  tableName: string,
): DynamoLedger {
  const repository = new DynamoLedgerRepository(documents, tableName);
  const service = createLedgerService({ repository, clock: systemClock, backoff: systemBackoff });
  return { service, repository };
}
