/**
 * The local stand-in for S3's presigned URLs: `PUT /objects/<key>?expires=&signature=` stores
 * the body (streamed to disk, never buffered whole), `GET` returns it — each only with a valid
 * signature from `DirectoryObjectStore`. After a PUT, `onUploaded` runs (the local analogue of
 * an S3 event notification is not used: the client starts the import explicitly, as in AWS).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DirectoryObjectStore } from '../functions/shared/objects/directory-object-store';

/** A deck upload larger than this is refused: 1M rows of a wide deck stay below it. */
export const MAX_LOCAL_UPLOAD_BYTES = 512 * 1024 * 1024;

export function createObjectServer(store: DirectoryObjectStore): Server {
  return createServer((request, response) => {
    void serve(store, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
}

async function serve(
  store: DirectoryObjectStore,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://local');
  const key = decodeURIComponent(url.pathname.replace(/^\/objects\//, ''));
  const method = request.method ?? 'GET';
  const valid =
    url.pathname.startsWith('/objects/') &&
    store.verify(
      method,
      key,
      url.searchParams.get('expires') ?? '',
      url.searchParams.get('signature') ?? '',
    );
  if (!valid) {
    response.writeHead(403, { 'content-type': 'text/plain' });
    return void response.end('signature does not match or has expired');
  }
  if (method === 'GET') {
    const object = await store.read(key);
    if (!object) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-length': object.sizeBytes });
    for await (const chunk of object.chunks) response.write(chunk);
    return void response.end();
  }
  if (Number(request.headers['content-length'] ?? 0) > MAX_LOCAL_UPLOAD_BYTES) {
    return void response.writeHead(413).end();
  }
  const path = store.pathOf(key);
  await mkdir(dirname(path), { recursive: true });
  // Its own partial file per upload: two uploads of one key must not rename each other's.
  const partial = `${path}.${randomUUID()}.partial`;
  await pipeline(request, createWriteStream(partial));
  await rename(partial, path);
  response.writeHead(200).end();
}
