/** What the rater uses: the stores it reads configuration from, the CDR store and the ledger. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../core/ledger/ports';
import type { LedgerService } from '../../core/ledger/service';
import type { ObjectStore } from '../../core/objects/object-store';
import type { AccountStore } from '../shared/dynamo/account-store';
import type { CdrStore } from '../shared/dynamo/cdr-store';
import type { ConfigStore } from '../shared/dynamo/config-store';
import type { CurrencyStore } from '../shared/dynamo/currency-store';
import type { ImportStore } from '../shared/dynamo/import-store';
import type { LeaseStore } from '../shared/dynamo/lease-store';

export interface RaterDeps {
  readonly documents: DynamoDBDocumentClient;
  readonly directoryTable: string;
  readonly accounts: AccountStore;
  readonly config: ConfigStore;
  readonly currencies: CurrencyStore;
  readonly imports: ImportStore;
  readonly objects: ObjectStore;
  /** The CDR archive: raw batch files (`raw/`) and rated CDRs as JSON lines (`archive/`). */
  readonly archive: ObjectStore;
  readonly cdrs: CdrStore;
  readonly ledger: LedgerService;
  /** Credit leases (issue 10): settled by the rater, granted and returned by the API's routes. */
  readonly leases: LeaseStore;
  readonly clock: Clock;
}
