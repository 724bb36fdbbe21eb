/**
 * The edge snapshot: everything an edge needs to authorize calls and answer SIP digest auth
 * from memory, for one subtree of the tenancy tree. The cloud builds it (`GET /edge/snapshot`),
 * the edge keeps it on disk and loads it at start. This zod schema is the contract between the
 * two (they share only `core/`): the cloud's response is checked by it, the edge parses with it.
 *
 * Compiled rate decks are not inside: each deck version names its content hash, and the
 * response carries a short-lived download URL per hash; the edge keeps the binaries on disk by
 * hash (a deck is immutable, so it is fetched once). `contentVersion` is the sha256 of the
 * canonical JSON of `content`, so the same data always has the same version (the ETag).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Bumped on an incompatible change of the content below; an edge refuses other formats. */
export const SNAPSHOT_FORMAT = 1;

const micros = z.int();
const id = z.string().min(1).max(128);

export const snapshotAccountSchema = z
  .object({
    accountId: id,
    parentId: id.optional(),
    type: z.string(),
    path: z.string(),
    currency: z.string(),
    mode: z.string(),
    status: z.enum(['active', 'suspended', 'closed']),
    expiresAtEpochMs: z.int().optional(),
    country: z.string(),
    maxChannels: z.int(),
    cpsLimit: z.int(),
    maxCallSeconds: z.int(),
    maxCostPerCallMicros: micros.optional(),
    rateGroupId: id.optional(),
    translationRules: z.string(),
    blockedPrefixes: z.array(z.string()),
    localCalls: z.object({ allowed: z.boolean(), perMinuteMicros: micros }).strict(),
    allowLossRouting: z.boolean(),
    /** Funds for an edge without credit leases (tests, the bench's in-process answerer). The
     * cloud does not send it: the edge spends from its leases. */
    availableMicros: micros.optional(),
  })
  .strict();

export const snapshotDeviceSchema = z
  .object({
    id,
    accountId: id,
    username: z.string(),
    domain: z.string(),
    /** HA1 = md5(user:realm:password) per realm: what FreeSWITCH's `a1-hash` takes. */
    ha1ByRealm: z.record(z.string(), z.string()),
    callerIdName: z.string().optional(),
    callerIdNumber: z.string().optional(),
    status: z.enum(['active', 'suspended']),
  })
  .strict();

export const snapshotIpAclSchema = z
  .object({ id, accountId: id, cidr: z.string(), techPrefix: z.string().optional() })
  .strict();

export const snapshotCallerIdSchema = z
  .object({ id, accountId: id, callerIdNumber: z.string(), accessNumbers: z.array(z.string()) })
  .strict();

export const snapshotTrunkSchema = z
  .object({
    id,
    accountId: id,
    name: z.string(),
    gateways: z.array(
      z.object({ host: z.string(), port: z.int(), transport: z.string() }).strict(),
    ),
    channelLimit: z.int().optional(),
    translationRules: z.string(),
    ringTimeoutSeconds: z.int(),
  })
  .strict();

export const snapshotDeckVersionSchema = z
  .object({
    deckKind: z.enum(['origination', 'termination']),
    trunkId: id.optional(),
    effectiveFromEpochMs: z.number(),
    deckHash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const snapshotRateGroupSchema = z
  .object({
    id,
    accountId: id,
    /** The owner's currency: the group's rates are in it. */
    currency: z.string(),
    markupUnits: z.int(),
    defaultInitialIncrementSeconds: z.int(),
    defaultIncrementSeconds: z.int(),
    timezone: z.string(),
    routingMode: z.enum(['lcr', 'cost']),
    noLoss: z.boolean(),
    trunkIds: z.array(id),
    versions: z.array(snapshotDeckVersionSchema),
    /** The billable rules the rater charges by (absent in older snapshots: the defaults), so
     * the edge's max seconds and lease holds cover what the call will be charged. */
    billing: z
      .object({
        duration: z.enum(['billsec', 'billmsec_ceil']),
        minimumBillableSeconds: z.int().min(0),
        billedHangupCauses: z.array(z.string()).nullable(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const snapshotContentSchema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    /** The subtree this snapshot covers (the edge's account path). */
    rootPath: z.string(),
    operatorCurrency: z.string(),
    /** Each non-operator currency's rate to the operator's (up to 9 decimals). */
    currencies: z.array(z.object({ code: z.string(), rateToBase: z.string() }).strict()),
    /** The whole chain up to the operator, so chain prices work for a reseller's edge too. */
    accounts: z.array(snapshotAccountSchema),
    devices: z.array(snapshotDeviceSchema),
    ipAcls: z.array(snapshotIpAclSchema),
    callerIds: z.array(snapshotCallerIdSchema),
    trunks: z.array(snapshotTrunkSchema),
    rateGroups: z.array(snapshotRateGroupSchema),
    /** Operator-wide emergency numbers (core/authorization/emergency.ts): the trunk they all
     * go out through (one of `trunks`) and per-country lists replacing the defaults. Absent:
     * the default lists are still recognized, and refused `no_route` (no trunk to send them). */
    emergency: z
      .object({
        trunkId: id,
        numbersByCountry: z.record(z.string(), z.array(z.string().regex(/^[0-9]{1,15}$/))).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SnapshotContent = z.infer<typeof snapshotContentSchema>;
export type SnapshotAccount = z.infer<typeof snapshotAccountSchema>;
export type SnapshotDevice = z.infer<typeof snapshotDeviceSchema>;
export type SnapshotTrunk = z.infer<typeof snapshotTrunkSchema>;
export type SnapshotRateGroup = z.infer<typeof snapshotRateGroupSchema>;

const downloadLinkSchema = z
  .object({
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    expiresAtEpochMs: z.int(),
  })
  .strict();

export const snapshotEnvelope = {
  version: z.string(),
  builtAtEpochMs: z.int(),
  decks: z.array(downloadLinkSchema.extend({ hash: z.string() }).strict()),
};

/** `GET /edge/snapshot` answers this (200), or 304 when `If-None-Match` names `version`. */
export const snapshotResponseSchema = z
  .object({ ...snapshotEnvelope, content: snapshotContentSchema })
  .strict()
  .meta({ id: 'EdgeSnapshot' });

export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>;

/**
 * The same answer for a subtree too large to travel in the response (Lambda's 6 MB): the
 * content is an object to download; its canonical JSON hashes (sha256) to `version`.
 */
export const snapshotObjectResponseSchema = z
  .object({ ...snapshotEnvelope, contentUrl: downloadLinkSchema })
  .strict()
  .meta({ id: 'EdgeSnapshotByObject' });

export type SnapshotObjectResponse = z.infer<typeof snapshotObjectResponseSchema>;

/** JSON with object keys sorted: the same content always serializes to the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** A snapshot's version: the sha256 (hex) of its canonical JSON, which is returned beside it. */
export function versionedJson(content: unknown): { readonly version: string; readonly json: string } {
  const json = canonicalJson(content);
  return { version: createHash('sha256').update(json).digest('hex'), json };
}

/** Every deck hash the content refers to. */
export function deckHashesOf(content: SnapshotContent): string[] {
  const hashes = new Set<string>();
  for (const group of content.rateGroups) for (const v of group.versions) hashes.add(v.deckHash);
  return [...hashes].sort();
}
