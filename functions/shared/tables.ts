/**
 * The DynamoDB tables, defined once: the CDK stack (`lib/`) and the local runtime (`local/`,
 * tests) both build their tables from these descriptions, so they cannot drift apart.
 * Plain data: no AWS SDK and no CDK types here.
 */

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  /** Logical id; the physical name is `<prefix><id>` locally, chosen by CloudFormation in AWS. */
  readonly id: keyof TableNames;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndexDefinition[];
  readonly timeToLiveAttribute?: string;
}

/**
 * `ledger`: per account (`pk = ACCOUNT#<id>`) one balance item (`sk = BALANCE`) and its postings
 * (`sk = POSTING#<idempotency key>`, so a key's existence is a condition on one item). Postings
 * carry `postedAt = <epoch ms, 15 digits>#<key>`; the sparse `byTime` index lists them in time
 * order (the balance item has no `postedAt`, so it is not indexed). Credit leases (issue 10) live
 * beside the balance they hold (`sk = LEASE#<id>`); the sparse `openLeases` index lists an
 * edge's leases that still hold money (`openEdge = EDGE#<edge id>`, removed when they stop).
 */
export const LEDGER_TABLE: TableDefinition = {
  id: 'ledger',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    {
      indexName: 'byTime',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'postedAt', type: 'S' },
    },
    {
      indexName: 'openLeases',
      partitionKey: { name: 'openEdge', type: 'S' },
      sortKey: { name: 'leaseId', type: 'S' },
    },
  ],
};

/**
 * The sparse `byPath` index, on `directory` and `config`: `gpk` is the kind of record
 * (`ACCOUNT`, `DEVICE`, `TRUNK`, …) and `gsk` its owner's tenancy path followed by its id
 * (`/op/r1/c7/#dev-1`), so "every device in reseller r1's subtree" is one Query with
 * `begins_with(gsk, '/op/r1/')`. Items without `gpk` (users, keys, audit) are not indexed.
 */
const BY_PATH: GlobalIndexDefinition = {
  indexName: 'byPath',
  partitionKey: { name: 'gpk', type: 'S' },
  sortKey: { name: 'gsk', type: 'S' },
};

/**
 * `directory`: accounts (the full profile, `pk = ACCOUNT#<id>`, `sk = PROFILE`) and their place in
 * the reseller tree, unique account numbers (`pk = ACCOUNTNUMBER#<n>`), users, API keys, login
 * throttle windows (expired by TTL) and the API's signing key.
 */
export const DIRECTORY_TABLE: TableDefinition = {
  id: 'directory',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [BY_PATH],
  timeToLiveAttribute: 'expiresAtEpochSeconds',
};

/**
 * `config`: what an operator configures below accounts — SIP devices, IP ACLs, caller IDs,
 * trunks, rate groups (`pk = <KIND>#<id>`, `sk = ITEM`), their uniqueness claims
 * (`pk = UNIQUE#<kind>#<value>`), currencies and their history (`pk = CURRENCY#<code>`,
 * `sk = CURRENT` / `HISTORY#<ms>`), and the audit log (`pk = AUDIT#<account id>`,
 * `sk = <15-digit ms>#<request id>`, one copy per ancestor of the changed account).
 */
export const CONFIG_TABLE: TableDefinition = {
  id: 'config',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [BY_PATH],
};

/**
 * `cdrs` (issue 8): one item per CDR (`pk = CDR#<uuid>`, `sk = CDR`), rated or unrated, written
 * once with a condition. The sparse `unrated` index (`upk = UNRATED#<reason>`, `usk` = received
 * time + id) lists the unrated ones by reason; rated CDRs carry no index key (no extra write).
 */
export const CDRS_TABLE: TableDefinition = {
  id: 'cdrs',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    {
      indexName: 'unrated',
      partitionKey: { name: 'upk', type: 'S' },
      sortKey: { name: 'usk', type: 'S' },
    },
  ],
};

export const TABLES = [LEDGER_TABLE, DIRECTORY_TABLE, CONFIG_TABLE, CDRS_TABLE] as const;

export interface TableNames {
  readonly ledger: string;
  readonly directory: string;
  readonly config: string;
  readonly cdrs: string;
}

/** Local and test table names: one prefix per run (or per test file) keeps them apart. */
export function localTableNames(prefix: string): TableNames {
  return {
    ledger: `${prefix}ledger`,
    directory: `${prefix}directory`,
    config: `${prefix}config`,
    cdrs: `${prefix}cdrs`,
  };
}
