/**
 * Replays: a posting whose (account, idempotency key) already exists is compared field by
 * field with the stored canonical input, so the answer can name what differs.
 */
import { CANONICAL_FIELDS, type CanonicalField, type PostingInput } from './posting';

/** The first canonical field that differs, or undefined when the replay is faithful. */
export function firstDifference(
  stored: PostingInput,
  replay: PostingInput,
): CanonicalField | undefined {
  return CANONICAL_FIELDS.find((field) => stored[field] !== replay[field]);
}
