/**
 * Pagination cursors for postings: base64url of the `byTime` index position. Opaque to
 * clients; a cursor that does not decode to this account's position is refused.
 */
const POSTED_AT = /^\d{15}#[A-Za-z0-9._:@\/-]{1,128}$/;

export function encodePostingCursor(lastKey: Record<string, unknown>): string {
  return Buffer.from(String(lastKey.postedAt), 'utf8').toString('base64url');
}

/** The ExclusiveStartKey a cursor stands for, or undefined when it is not a valid cursor. */
export function decodePostingCursor(
  accountId: string,
  cursor: string,
): Record<string, string> | undefined {
  const postedAt = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!POSTED_AT.test(postedAt)) return undefined;
  const key = postedAt.slice(postedAt.indexOf('#') + 1);
  return { pk: `ACCOUNT#${accountId}`, sk: `POSTING#${key}`, postedAt };
}

export function isPostingCursor(cursor: string): boolean {
  return decodePostingCursor('x', cursor) !== undefined;
}
