/**
 * `GET /edge/snapshot`: the edge's subtree as one snapshot (`core/snapshot/snapshot.ts`), with a
 * download URL per compiled deck. The version is the content's sha256 and is the ETag: an edge
 * that sends `If-None-Match` with the version it holds gets 304 and no body.
 */
import { z } from 'zod';
import { snapshotResponseSchema } from '../../../core/snapshot/snapshot';
import { buildEdgeSnapshot } from '../config/edge-snapshot';
import { defineRoute } from '../http/route';

/** Deck URLs live 15 minutes: the edge fetches them right after the snapshot. */
const DECK_URL_SECONDS = 900;

export const edgeSnapshotRoute = defineRoute({
  method: 'GET',
  path: '/edge/snapshot',
  operationId: 'getEdgeSnapshot',
  summary: "The edge's subtree: accounts, devices, ACLs, caller IDs, rate groups, decks, trunks",
  idempotency: 'Read-only; If-None-Match with the current version answers 304.',
  access: { roles: ['edge'], access: 'read' },
  responses: {
    200: { description: 'The snapshot', schema: snapshotResponseSchema },
    304: { description: 'The edge already holds this version', schema: z.null() },
  },
  async handle({ principal, headers, deps }) {
    const built = await buildEdgeSnapshot(deps, principal!.subtreePath);
    const etag = `"${built.version}"`;
    const held = (headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim());
    if (held.includes(etag)) return { status: 304, body: null, headers: { etag } };
    const decks = await Promise.all(
      [...built.deckKeys].map(async ([hash, key]) => {
        const url = await deps.objects.downloadUrl(key, DECK_URL_SECONDS);
        return { hash, url: url.url, headers: { ...url.headers }, expiresAtEpochMs: url.expiresAtEpochMs };
      }),
    );
    const body = {
      version: built.version,
      builtAtEpochMs: deps.clock.nowEpochMs(),
      content: built.content,
      decks,
    };
    return { status: 200, body, headers: { etag } };
  },
});
