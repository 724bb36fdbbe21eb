/**
 * The object store in a local directory (`npm start`, tests). Transfer URLs point at the local
 * object server (`local/object-server.ts`) and carry an HMAC of method, key and expiry — the
 * same contract as an S3 presigned URL: whoever holds the URL may do that one thing until it
 * expires, and nothing else.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ObjectStore, TransferUrl } from '../../../core/objects/object-store';

const KEY = /^[A-Za-z0-9._/-]{1,512}$/;

export class DirectoryObjectStore implements ObjectStore {
  constructor(
    readonly root: string,
    /** The local object server's base URL, e.g. http://127.0.0.1:3001. */
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The file of a key; keys with `..` or odd characters are refused (a path escape). */
  pathOf(key: string): string {
    if (!KEY.test(key) || key.split('/').includes('..')) throw new Error(`objects: bad key ${key}`);
    return join(resolve(this.root), key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename: a reader never sees half an object. Each put has its own partial
    // file, so two puts of one key at once (edges asking for the same snapshot) both succeed,
    // the last rename winning, as S3's last writer does.
    const partial = `${path}.${randomUUID()}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, path);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async read(key: string) {
    const path = this.pathOf(key);
    try {
      const { size } = await stat(path);
      return { sizeBytes: size, chunks: createReadStream(path, { highWaterMark: 256 * 1024 }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async uploadUrl(
    key: string,
    contentType: string,
    expiresInSeconds: number,
  ): Promise<TransferUrl> {
    return { ...this.sign('PUT', key, expiresInSeconds), headers: { 'content-type': contentType } };
  }

  async downloadUrl(key: string, expiresInSeconds: number): Promise<TransferUrl> {
    return { ...this.sign('GET', key, expiresInSeconds), headers: {} };
  }

  /** Whether a request to the object server carries a valid, unexpired signature. */
  verify(method: string, key: string, expires: string, signature: string): boolean {
    const expiresAtEpochMs = Number(expires);
    if (!Number.isSafeInteger(expiresAtEpochMs) || expiresAtEpochMs < this.now()) return false;
    const expected = Buffer.from(this.signature(method, key, expiresAtEpochMs), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(method: 'PUT' | 'GET', key: string, expiresInSeconds: number) {
    this.pathOf(key);
    const expiresAtEpochMs = this.now() + expiresInSeconds * 1000;
    const query = `expires=${expiresAtEpochMs}&signature=${this.signature(method, key, expiresAtEpochMs)}`;
    return { url: `${this.baseUrl}/objects/${key}?${query}`, method, expiresAtEpochMs };
  }

  private signature(method: string, key: string, expiresAtEpochMs: number): string {
    return createHmac('sha256', this.secret)
      .update(`${method}\n${key}\n${expiresAtEpochMs}`)
      .digest('hex');
  }
}
