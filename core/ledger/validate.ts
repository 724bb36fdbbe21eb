/**
 * Checks a write request before anything is issued: every amount a non-zero safe integer,
 * known kinds, bounded strings, no key twice for one account. Returns the first bad field.
 */
import {
  IDEMPOTENCY_KEY_PATTERN,
  MAX_ACTOR_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_REFERENCE_LENGTH,
} from './limits';
import { POSTING_KINDS, type PostingInput } from './posting';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export function validatePostings(postings: readonly PostingInput[]): FieldProblem | undefined {
  if (postings.length === 0)
    return { field: 'postings', message: 'at least one posting is needed' };
  const seen = new Set<string>();
  for (const [index, posting] of postings.entries()) {
    const problem = validatePosting(posting);
    if (problem) return { field: `postings.${index}.${problem.field}`, message: problem.message };
    const identity = `${posting.accountId}\u0000${posting.idempotencyKey}`;
    if (seen.has(identity)) {
      return {
        field: `postings.${index}.idempotencyKey`,
        message: 'the same idempotency key appears twice for one account in one write',
      };
    }
    seen.add(identity);
  }
  return undefined;
}

export function validatePosting(posting: PostingInput): FieldProblem | undefined {
  const amount = posting.amountMicros;
  if (!Number.isSafeInteger(amount) || amount === 0) {
    return {
      field: 'amountMicros',
      message: 'must be a non-zero whole number of micros below 2^53',
    };
  }
  if (!POSTING_KINDS.includes(posting.kind)) {
    return { field: 'kind', message: `must be one of ${POSTING_KINDS.join(', ')}` };
  }
  return validateIdentity(posting) ?? validateText(posting);
}

export function validateIdempotencyKey(key: string): string | undefined {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) return 'may contain only letters, digits and . _ : @ / -';
  return undefined;
}

function validateIdentity(posting: PostingInput): FieldProblem | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(posting.accountId)) {
    return { field: 'accountId', message: 'must be 1 to 64 letters, digits, _ or -' };
  }
  const keyProblem = validateIdempotencyKey(posting.idempotencyKey);
  return keyProblem ? { field: 'idempotencyKey', message: keyProblem } : undefined;
}

function validateText(posting: PostingInput): FieldProblem | undefined {
  if (posting.reference.length > MAX_REFERENCE_LENGTH) {
    return { field: 'reference', message: `must be at most ${MAX_REFERENCE_LENGTH} characters` };
  }
  if (posting.actor.length === 0 || posting.actor.length > MAX_ACTOR_LENGTH) {
    return { field: 'actor', message: `must be 1 to ${MAX_ACTOR_LENGTH} characters` };
  }
  return undefined;
}
