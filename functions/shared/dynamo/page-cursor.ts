/**
 * Opaque page cursors for the `byPath` listings: the Query's LastEvaluatedKey as base64url JSON.
 * A cursor that does not decode to string keys is refused at the boundary (400), never sent on.
 */
export type PageKey = Record<string, string>;

export function encodePageCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

export function decodePageCursor(cursor: string): PageKey | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    if (entries.length === 0 || entries.length > 4) return undefined;
    if (!entries.every(([, v]) => typeof v === 'string')) return undefined;
    return value as PageKey;
  } catch {
    return undefined;
  }
}

export function isPageCursor(cursor: string): boolean {
  return decodePageCursor(cursor) !== undefined;
}
