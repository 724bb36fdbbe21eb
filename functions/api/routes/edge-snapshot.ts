/**
 * `GET /edge/snapshot`: the edge's subtree as one snapshot (`core/snapshot/snapshot.ts`), with a
 * download URL per compiled deck; a subtree too large for the answer is sent as an object. The
 * version is the content's sha256 and is the ETag: an edge that sends `If-None-Match` with the
 * version it holds gets 304 and no body. One that also sends `since=<the version it holds>`
 * gets, when the cloud still has that version, only what changed (`config/snapshot-delta.ts`),
 * which it applies and checks against the new version's hash.
 */
import { z } from 'zod';
import {
  snapshotObjectResponseSchema,
  snapshotResponseSchema,
} from '../../../core/snapshot/snapshot';
import { snapshotDeltaResponseSchema } from '../../../core/snapshot/delta';
import type { TransferUrl } from '../../../core/objects/object-store';
import { heldVersionIsCurrent } from '../../../core/snapshot/unchanged';
import { currentSnapshot } from '../config/current-snapshot';
import { deltaSince, snapshotObjectKey } from '../config/snapshot-delta';
import { defineRoute } from '../http/route';

/** Deck and snapshot URLs live 15 minutes: the edge fetches them right after the answer. */
const DOWNLOAD_URL_SECONDS = 900;

/**
 * Largest content sent in the answer itself: a synchronous Lambda answers at most 6 MB, and the
 * envelope and deck links need room. Larger subtrees travel as an object (`contentUrl`).
 */
export const INLINE_SNAPSHOT_MAX_BYTES = 5 * 1024 * 1024;

export const edgeSnapshotRoute = defineRoute({
  method: 'GET',
  path: '/edge/snapshot',
  operationId: 'getEdgeSnapshot',
  summary: "The edge's subtree: accounts, devices, ACLs, caller IDs, rate groups, decks, trunks",
  idempotency: 'Read-only; If-None-Match with the current version answers 304.',
  access: { roles: ['edge'], access: 'read' },
  query: z
    .object({
      /** Lowers the inline limit (an edge that prefers the object; tests). */
      maxInlineBytes: z.coerce.number().int().min(0).max(INLINE_SNAPSHOT_MAX_BYTES).optional(),
      /** The version the edge holds: answer a delta from it when possible. */
      since: z.string().regex(/^[0-9a-f]{64}$/, 'must be a snapshot version').optional(),
    })
    .strict(),
  responses: {
    200: {
      description:
        'The snapshot: its content inline, (large subtrees) a URL to download it, or (with ' +
        '`since`) the changes from that version',
      schema: z.union([
        snapshotResponseSchema,
        snapshotObjectResponseSchema,
        snapshotDeltaResponseSchema,
      ]),
    },
    304: { description: 'The edge already holds this version', schema: z.null() },
  },
  async handle({ principal, headers, query, deps }) {
    const rootPath = principal!.subtreePath;
    const held = heldVersionsOf(headers['if-none-match']);
    const { epoch, record } = await deps.snapshotVersions.lookup(rootPath);
    const startedAtEpochMs = deps.clock.nowEpochMs();
    // Nothing changed since the version the edge holds was built: no need to read the subtree.
    if (heldVersionIsCurrent(record, epoch, held, startedAtEpochMs)) {
      return { status: 304, body: null, headers: { etag: `"${record!.version}"` } };
    }
    const built = await currentSnapshot(deps, rootPath, { epoch, record }, startedAtEpochMs);
    const etag = `"${built.version}"`;
    if (held.includes(built.version)) return { status: 304, body: null, headers: { etag } };
    const decks = await Promise.all(
      [...built.deckKeys].map(async ([hash, key]) => ({
        hash,
        ...linkOf(await deps.objects.downloadUrl(key, DOWNLOAD_URL_SECONDS)),
      })),
    );
    const envelope = { version: built.version, builtAtEpochMs: deps.clock.nowEpochMs(), decks };
    const limit = query.maxInlineBytes ?? INLINE_SNAPSHOT_MAX_BYTES;
    const delta = query.since && (await deltaSince(deps.objects, query.since, built, limit));
    if (delta) return { status: 200, body: { ...envelope, delta }, headers: { etag } };
    if (Buffer.byteLength(built.json) <= limit) {
      return { status: 200, body: { ...envelope, content: built.content }, headers: { etag } };
    }
    const key = snapshotObjectKey(built.version);
    const contentUrl = linkOf(await deps.objects.downloadUrl(key, DOWNLOAD_URL_SECONDS));
    return { status: 200, body: { ...envelope, contentUrl }, headers: { etag } };
  },
});

/** The versions an `If-None-Match` names (`"v1", W/"v2"`): quotes and weak markers dropped. */
function heldVersionsOf(ifNoneMatch: string | undefined): string[] {
  if (ifNoneMatch === undefined) return [];
  return ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

function linkOf(url: TransferUrl) {
  return { url: url.url, headers: { ...url.headers }, expiresAtEpochMs: url.expiresAtEpochMs };
}
