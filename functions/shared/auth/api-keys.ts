/**
 * API keys for machine clients (edges): `tg_<key id>_<secret>`. The secret has 256 bits of
 * entropy, so a single SHA-256 is enough to store it (a slow hash protects low-entropy passwords,
 * not random secrets); only the hash is stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SHAPE = /^tg_([a-z0-9]{8,32})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  readonly keyId: string;
  /** Shown once to the operator; never stored. */
  readonly apiKey: string;
  readonly secretHash: string;
}

export function issueApiKey(keyId: string): IssuedApiKey {
  const secret = randomBytes(32).toString('base64url');
  return { keyId, apiKey: `tg_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(apiKey: string): { keyId: string; secret: string } | undefined {
  const match = SHAPE.exec(apiKey);
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
