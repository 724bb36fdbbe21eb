/**
 * CSV exports of an account's subtree: accounts, devices, IP ACLs, caller IDs, trunks. The
 * records are read page by page (100 at a time) and written as CSV to the object store; the
 * answer is a download URL, so an export of any size never passes through an API response.
 * Rates are exported as the CSV of a deck version (`…/versions/{versionId}/csv`).
 */
import { z } from 'zod';
import type { AccountProfile } from '../../../core/accounts/account';
import { csvHeader, csvLine, type CsvColumn } from '../../../core/exports/csv';
import { TRANSFER_URL_SECONDS } from '../../../core/objects/object-store';
import type { EntityKind, OwnedEntity } from '../../shared/dynamo/config-store';
import { transferSchema } from '../config/deck-schemas';
import type { ApiDeps } from '../deps';
import { defineRoute } from '../http/route';
import { TREE_READERS } from './access';
import { accountParams } from '../schemas';

const EXPORT_KINDS = ['accounts', 'devices', 'ip_acls', 'caller_ids', 'trunks'] as const;
type ExportKind = (typeof EXPORT_KINDS)[number];
const PAGE = 100;

type Data = Record<string, unknown>;
const entity = (names: readonly string[]): CsvColumn<OwnedEntity<Data>>[] => [
  { name: 'id', value: (e) => e.id },
  { name: 'accountId', value: (e) => e.accountId },
  ...names.map((name) => ({ name, value: (e: OwnedEntity<Data>) => cell(e.data[name]) })),
  { name: 'revision', value: (e) => e.revision },
];
const ENTITY_COLUMNS: Record<
  Exclude<ExportKind, 'accounts'>,
  { kind: EntityKind; columns: CsvColumn<OwnedEntity<Data>>[] }
> = {
  devices: {
    kind: 'device',
    columns: entity(['username', 'domain', 'realms', 'callerIdName', 'callerIdNumber', 'status']),
  },
  ip_acls: { kind: 'ip_acl', columns: entity(['cidr', 'techPrefix', 'description']) },
  caller_ids: {
    kind: 'caller_id',
    columns: entity(['callerIdNumber', 'accessNumbers', 'description']),
  },
  trunks: {
    kind: 'trunk',
    columns: entity(['name', 'channelLimit', 'codecs', 'ringTimeoutSeconds', 'translationRules']),
  },
};
const ACCOUNT_COLUMNS: CsvColumn<AccountProfile>[] = (
  [
    'accountId',
    'number',
    'type',
    'parentId',
    'name',
    'company',
    'email',
    'currency',
    'mode',
    'status',
    'creditLimitMicros',
    'maxChannels',
    'cpsLimit',
    'maxCallSeconds',
    'rateGroupId',
    'timezone',
    'country',
    'blockedPrefixes',
  ] as const
).map((name) => ({ name, value: (account: AccountProfile) => cell(account[name]) }));

function cell(value: unknown): string | number | boolean | readonly string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}

export const exportRoute = defineRoute({
  method: 'POST',
  path: '/accounts/{accountId}/exports',
  operationId: 'exportCsv',
  summary: "Export the subtree's accounts, devices, IP ACLs, caller IDs or trunks as CSV",
  idempotency: 'Read-only in effect; each call writes a new export file and signs its URL.',
  access: { roles: TREE_READERS, access: 'read' },
  params: accountParams,
  body: z.object({ kind: z.enum(EXPORT_KINDS) }).strict(),
  targets: ({ params }) => [
    { accountId: params.accountId, relation: 'self_or_descendant', field: 'accountId' },
  ],
  responses: {
    200: {
      description: 'The export',
      schema: z
        .object({ rows: z.int(), download: transferSchema })
        .strict()
        .meta({ id: 'CsvExport' }),
    },
  },
  async handle({ params, body, accounts, deps, requestId }) {
    const path = accounts.get(params.accountId)!.path;
    const { parts, rows } = await exportParts(deps, body.kind, path);
    const key = `exports/${requestId}-${body.kind}.csv`;
    await deps.objects.put(key, Buffer.from(parts.join(''), 'utf8'), 'text/csv');
    return {
      status: 200,
      body: { rows, download: await deps.objects.downloadUrl(key, TRANSFER_URL_SECONDS) },
    };
  },
});

async function exportParts(
  deps: ApiDeps,
  kind: ExportKind,
  path: string,
): Promise<{ parts: string[]; rows: number }> {
  const parts: string[] = [];
  let rows = 0;
  let cursor: string | undefined;
  if (kind === 'accounts') {
    parts.push(csvHeader(ACCOUNT_COLUMNS));
    do {
      const page = await deps.accounts.list(path, PAGE, cursor);
      for (const account of page.accounts) parts.push(csvLine(ACCOUNT_COLUMNS, account));
      rows += page.accounts.length;
      cursor = page.nextCursor;
    } while (cursor);
    return { parts, rows };
  }
  const { kind: entityKind, columns } = ENTITY_COLUMNS[kind];
  parts.push(csvHeader(columns));
  do {
    const page = await deps.config.list<Data>(entityKind, path, PAGE, cursor);
    for (const item of page.items) parts.push(csvLine(columns, item));
    rows += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { parts, rows };
}
