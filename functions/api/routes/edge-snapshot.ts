/**
 * `GET /edge/snapshot`: the edge's subtree as one snapshot (`core/snapshot/snapshot.ts`), with a
 * download URL per compiled deck; a subtree too large for the answer is sent as an object. The
 * version is the content's sha256 and is the ETag: an edge that sends `If-None-Match` with the
 * version it holds gets 304 and no body.
 */
import { z } from 'zod';
import {
  snapshotObjectResponseSchema,
  snapshotResponseSchema,
} from '../../../core/snapshot/snapshot';
import type { TransferUrl } from '../../../core/objects/object-store';
import { buildEdgeSnapshot } from '../config/edge-snapshot';
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
    })
    .strict(),
  responses: {
    200: {
      description: 'The snapshot: its content inline, or (large subtrees) a URL to download it',
      schema: z.union([snapshotResponseSchema, snapshotObjectResponseSchema]),
    },
    304: { description: 'The edge already holds this version', schema: z.null() },
  },
  async handle({ principal, headers, query, deps }) {
    const built = await buildEdgeSnapshot(deps, principal!.subtreePath);
    const etag = `"${built.version}"`;
    const held = (headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim());
    if (held.includes(etag)) return { status: 304, body: null, headers: { etag } };
    const decks = await Promise.all(
      [...built.deckKeys].map(async ([hash, key]) => ({
        hash,
        ...linkOf(await deps.objects.downloadUrl(key, DOWNLOAD_URL_SECONDS)),
      })),
    );
    const envelope = { version: built.version, builtAtEpochMs: deps.clock.nowEpochMs(), decks };
    const { json } = built;
    const limit = query.maxInlineBytes ?? INLINE_SNAPSHOT_MAX_BYTES;
    if (Buffer.byteLength(json) <= limit) {
      return { status: 200, body: { ...envelope, content: built.content }, headers: { etag } };
    }
    // Named by its version (the content's hash): writing it again is harmless.
    const key = `snapshots/${built.version}.json`;
    await deps.objects.put(key, new TextEncoder().encode(json), 'application/json');
    const contentUrl = linkOf(await deps.objects.downloadUrl(key, DOWNLOAD_URL_SECONDS));
    return { status: 200, body: { ...envelope, contentUrl }, headers: { etag } };
  },
});

function linkOf(url: TransferUrl) {
  return { url: url.url, headers: { ...url.headers }, expiresAtEpochMs: url.expiresAtEpochMs };
}
