/**
 * CDR search without an index per CDR. A global secondary index costs a write unit for every
 * CDR it copies (AWS bills each index write like a put, whatever the projection), which alone
 * would double the rater's ~1 unit per CDR. So the rater writes, per batch, per account and
 * per UTC day, one *search page* in the `cdrs` table:
 *
 *   pk = CDRPAGE#<yyyy-mm-dd>   sk = <account path>#<15-digit earliest start ms>#<batch id>
 *
 * holding a packed entry per CDR (`cdr-search-entry.ts`, ~60 bytes), the entries deflated
 * together into one binary attribute `packed` (~25–30 bytes per CDR: ids and numbers repeat
 * their shape). Pages written before that hold a string list `entries`; both are read. An
 * account's calls of a
 * day are the key range `<path>#…`, a reseller's subtree the range `<its path>…` — one Query
 * per day, no scan, no index. Unrated CDRs without an account sit under the path `/`, which
 * only the whole-tree search (from the root) reaches. Pages are put once, on the condition
 * that the key is new: a redelivered batch writes the same keys and changes nothing.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { daysBetween } from '../../../core/cdr/summary';
import { itemSizeBytes } from '../../../core/ledger/item-size';
import {
  decodeEntry,
  encodeEntry,
  ENTRY_SEPARATOR,
  entryMatches,
  type EntryFilter,
  type PageEntry,
} from './cdr-search-entry';

export const PAGE_PK_PREFIX = 'CDRPAGE#';
/** The path of CDRs whose account is unknown: under no account, seen from the root only. */
export const NO_ACCOUNT_PATH = '/';
/** Page items read per Query round trip. */
const PAGES_PER_QUERY = 25;

export interface SearchPage {
  readonly day: string;
  readonly accountId: string;
  readonly accountPath: string;
  readonly batchId: string;
  readonly entries: readonly PageEntry[];
}

export interface SearchHit {
  readonly entry: PageEntry;
  readonly accountId: string;
  readonly accountPath: string;
}

/** Where the next page of results starts: a day, a page key in it, entries already passed. */
export interface SearchCursor {
  readonly day: string;
  readonly sk: string;
  readonly skip: number;
}

export interface SearchRequest {
  readonly filter: EntryFilter;
  /** `/op/r1/` for a subtree, `/op/r1/c1/#` for one account, `/` for everything. */
  readonly keyPrefix: string;
  readonly limit: number;
  /** Page items read before answering with what was found (bounds a sparse filter's work). */
  readonly maxPages: number;
  readonly cursor?: SearchCursor;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  readonly pagesRead: number;
  readonly next?: SearchCursor;
}

const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

export class CdrSearchStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Puts a page unless its key exists (a redelivery); answers the write units it cost. */
  async putPage(page: SearchPage): Promise<number> {
    const start = dayStart(page.day);
    const earliest = Math.min(...page.entries.map((entry) => entry.startedAtEpochMs));
    const packed = deflateRawSync(
      page.entries.map((entry) => encodeEntry(entry, start)).join(ENTRY_SEPARATOR),
    );
    const item = {
      pk: `${PAGE_PK_PREFIX}${page.day}`,
      sk: `${page.accountPath}#${String(earliest).padStart(15, '0')}#${page.batchId}`,
      accountId: page.accountId,
      packed,
    };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
    // A failed condition is billed too (AWS charges the write it refused). Binary: its bytes.
    const { packed: _, ...keys } = item;
    return Math.ceil((itemSizeBytes(keys) + 'packed'.length + packed.length) / 1024);
  }

  /** Matching entries in day, path, arrival order; `next` when there may be more. */
  async search(request: SearchRequest): Promise<SearchResult> {
    const { filter, cursor } = request;
    const days = daysBetween(filter.fromEpochMs, filter.toEpochMs).filter(
      (day) => cursor === undefined || day >= cursor.day,
    );
    const hits: SearchHit[] = [];
    let pagesRead = 0;
    for (const day of days) {
      const resume = cursor?.day === day ? cursor : undefined;
      let startKey: Record<string, unknown> | undefined;
      do {
        const result = await this.queryDay(day, request.keyPrefix, resume?.sk, startKey);
        for (const item of result.items) {
          // Checked before reading, so every request reads at least one page: no endless loop.
          if (pagesRead >= request.maxPages) {
            return { hits, pagesRead, next: { day, sk: item.sk, skip: 0 } };
          }
          pagesRead += 1;
          const skip = resume?.sk === item.sk ? resume.skip : 0;
          const stop = collect(item, day, skip, request, hits);
          if (stop !== undefined) {
            return { hits, pagesRead, next: { day, sk: item.sk, skip: stop } };
          }
        }
        startKey = result.lastKey;
      } while (startKey);
    }
    return { hits, pagesRead };
  }

  private async queryDay(
    day: string,
    keyPrefix: string,
    fromSk: string | undefined,
    startKey: Record<string, unknown> | undefined,
  ): Promise<{ items: PageItem[]; lastKey?: Record<string, unknown> }> {
    const range = { pk: `${PAGE_PK_PREFIX}${day}`, low: fromSk ?? keyPrefix, prefix: keyPrefix };
    const result = await queryKeyRange(this.documents, this.tableName, range, startKey);
    return { ...result, items: result.items as unknown as PageItem[] };
  }
}

/**
 * One Query page of the items of `pk` whose sort key starts with `prefix`, from `low` on.
 * BETWEEN low AND prefix + U+FFFF is begins_with(prefix) that can also resume mid-range.
 */
export async function queryKeyRange(
  documents: DynamoDBDocumentClient,
  tableName: string,
  range: { readonly pk: string; readonly low: string; readonly prefix: string },
  startKey: Record<string, unknown> | undefined,
  limit = PAGES_PER_QUERY,
): Promise<{ items: Record<string, unknown>[]; lastKey?: Record<string, unknown> }> {
  const result = await documents.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':pk': range.pk,
        ':low': range.low,
        ':high': `${range.prefix}\uffff`,
      },
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  const items = result.Items ?? [];
  return result.LastEvaluatedKey ? { items, lastKey: result.LastEvaluatedKey } : { items };
}

interface PageItem {
  readonly sk: string;
  readonly accountId: string;
  readonly packed?: Uint8Array;
  /** Pages written before the entries were deflated. */
  readonly entries?: readonly string[];
}

function entriesOf(item: PageItem): readonly string[] {
  if (item.packed === undefined) return item.entries ?? [];
  return inflateRawSync(item.packed).toString('utf8').split(ENTRY_SEPARATOR);
}

/** Adds the page's matching entries; answers the entry index to resume at once `limit` is hit. */
function collect(
  item: PageItem,
  day: string,
  skip: number,
  request: SearchRequest,
  hits: SearchHit[],
): number | undefined {
  const accountPath = item.sk.slice(0, item.sk.indexOf('#'));
  const start = dayStart(day);
  const entries = entriesOf(item);
  for (let index = skip; index < entries.length; index += 1) {
    const entry = decodeEntry(entries[index] ?? '', start);
    if (!entryMatches(entry, request.filter)) continue;
    hits.push({ entry, accountId: item.accountId, accountPath });
    if (hits.length >= request.limit) return index + 1;
  }
  return undefined;
}

/** A cursor as the API hands it out: opaque base64url JSON. */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.day, cursor.sk, cursor.skip])).toString('base64url');
}

export function decodeSearchCursor(text: string): SearchCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [day, sk, skip] = value as unknown[];
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
    if (typeof sk !== 'string' || typeof skip !== 'number' || !Number.isSafeInteger(skip))
      return undefined;
    return { day, sk, skip };
  } catch {
    return undefined;
  }
}
