/**
 * The object store port: rate-deck uploads, compiled deck binaries, import reports. S3 in the
 * cloud (`functions/shared/objects/s3-object-store.ts`), a local directory under `npm start` and
 * in tests (`functions/shared/objects/directory-object-store.ts`). Uploads never pass through
 * the API's request body (API Gateway and Lambda payload limits): the API hands out a URL.
 */
export interface TransferUrl {
  readonly url: string;
  readonly method: 'PUT' | 'GET';
  /** Headers the client must send with the request (e.g. the content type that was signed). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAtEpochMs: number;
}

export interface ObjectStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The whole object, or undefined when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** The object in chunks (a 100 MB deck is never held whole); undefined when missing. */
  read(
    key: string,
  ): Promise<
    { readonly sizeBytes: number; readonly chunks: AsyncIterable<Uint8Array> } | undefined
  >;
  uploadUrl(key: string, contentType: string, expiresInSeconds: number): Promise<TransferUrl>;
  downloadUrl(key: string, expiresInSeconds: number): Promise<TransferUrl>;
}

/** Upload and download URLs live this long: enough for a slow 100 MB upload, not a day. */
export const TRANSFER_URL_SECONDS = 3600;
