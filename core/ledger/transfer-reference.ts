/**
 * A transfer's two postings name each other's account in their reference (`to c3: note`,
 * `from r1: note`), so a statement says where money went. Written and read here only, so a
 * reader that may not know the other account can have its id hidden (`from another account`).
 */
export type TransferDirection = 'to' | 'from';

const SHAPE = /^(to|from) ([A-Za-z0-9_-]{1,64})(: [\s\S]*)?$/;

export const HIDDEN_COUNTERPART = 'another account';

export function transferReference(direction: TransferDirection, accountId: string, note?: string): string {
  return `${direction} ${accountId}${note ? `: ${note}` : ''}`;
}

/** The other account a transfer posting's reference names; undefined for any other text. */
export function counterpartOf(reference: string): string | undefined {
  return SHAPE.exec(reference)?.[2];
}

/** The same reference with the other account's id replaced by `another account`. */
export function withHiddenCounterpart(reference: string): string {
  const match = SHAPE.exec(reference);
  if (!match) return reference;
  return `${match[1]} ${HIDDEN_COUNTERPART}${match[3] ?? ''}`;
}
