/**
 * The object store on S3. Uploads and downloads use presigned URLs (SigV4, one hour), so deck
 * files never pass through API Gateway or Lambda payloads; the import reads the object as a
 * stream.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore, TransferUrl } from '../../../core/objects/object-store';

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly now: () => number = Date.now,
  ) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const object = await this.read(key);
    if (!object) return undefined;
    const parts: Uint8Array[] = [];
    for await (const chunk of object.chunks) parts.push(chunk);
    return Buffer.concat(parts);
  }

  async read(key: string) {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      const body = result.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) return undefined;
      return { sizeBytes: Number(result.ContentLength ?? 0), chunks: body };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async uploadUrl(
    key: string,
    contentType: string,
    expiresInSeconds: number,
  ): Promise<TransferUrl> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: contentType,
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
    const expiresAtEpochMs = this.now() + expiresInSeconds * 1000;
    return { url, method: 'PUT', headers: { 'content-type': contentType }, expiresAtEpochMs };
  }

  async downloadUrl(key: string, expiresInSeconds: number): Promise<TransferUrl> {
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key });
    const url = await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds });
    return {
      url,
      method: 'GET',
      headers: {},
      expiresAtEpochMs: this.now() + expiresInSeconds * 1000,
    };
  }
}
