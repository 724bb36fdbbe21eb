/**
 * One CDR inside a search page (see `cdr-search.ts`): just what a search filters on, packed in
 * one short string so that a page of a batch's CDRs costs ~60 bytes per CDR, not a write unit.
 * Fields are joined by the ASCII unit separator (never in a number, id or cause); the start
 * time is kept as base-36 milliseconds after the page's UTC midnight; the overwhelmingly common
 * cause NORMAL_CLEARING is kept as an empty field.
 */
import type { EdgeCdr } from '../../../core/cdr/edge-cdr';
import { maskNumber } from '../../../core/cdr/mask';
import type { StoredCdr } from './cdr-store';

export const DISPOSITIONS = ['answered', 'failed', 'unrated'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface PageEntry {
  readonly id: string;
  readonly startedAtEpochMs: number;
  readonly disposition: Disposition;
  readonly hangupCause: string;
  /** The dialled number. */
  readonly callee: string;
  readonly caller: string;
}

/** What a search keeps; every field but the range is optional and they all must hold. */
export interface EntryFilter {
  readonly fromEpochMs: number;
  readonly toEpochMs: number;
  /** Prefix of the dialled number (a leading `+` on either side is ignored). */
  readonly dialled?: string;
  /**
   * Digits masked in the caller's view: the dialled prefix is matched against the masked
   * number, so a customer cannot find its hidden digits by searching for them.
   */
  readonly dialledMaskDigits?: number;
  /** Prefix of the calling number. */
  readonly caller?: string;
  readonly disposition?: Disposition;
  readonly hangupCause?: string;
}

const SEPARATOR = '\u001f';
/** Between the entries of a page (the ASCII record separator). */
export const ENTRY_SEPARATOR = '\u001e';
const COMMON_CAUSE = 'NORMAL_CLEARING';
/** The cause of a CDR whose document could not be read. */
export const NO_CAUSE = '-';
const CODE: Record<Disposition, string> = { answered: 'a', failed: 'f', unrated: 'u' };
const DISPOSITION_OF: Record<string, Disposition> = { a: 'answered', f: 'failed', u: 'unrated' };

const clean = (text: string) => text.replaceAll(SEPARATOR, '').replaceAll(ENTRY_SEPARATOR, '');

export function encodeEntry(entry: PageEntry, dayStartEpochMs: number): string {
  return [
    (entry.startedAtEpochMs - dayStartEpochMs).toString(36),
    clean(entry.id),
    CODE[entry.disposition],
    entry.hangupCause === COMMON_CAUSE ? '' : clean(entry.hangupCause),
    clean(entry.callee),
    clean(entry.caller),
  ].join(SEPARATOR);
}

export function decodeEntry(text: string, dayStartEpochMs: number): PageEntry {
  const [offset = '0', id = '', code = 'u', cause = '', callee = '', caller = ''] =
    text.split(SEPARATOR);
  return {
    id,
    startedAtEpochMs: dayStartEpochMs + parseInt(offset, 36),
    disposition: DISPOSITION_OF[code] ?? 'unrated',
    hangupCause: cause === '' ? COMMON_CAUSE : cause,
    callee,
    caller,
  };
}

const digits = (number: string) => number.replace(/^\+/, '');

export function entryMatches(entry: PageEntry, filter: EntryFilter): boolean {
  if (entry.startedAtEpochMs < filter.fromEpochMs) return false;
  if (entry.startedAtEpochMs >= filter.toEpochMs) return false;
  if (filter.dialled !== undefined) {
    const callee = maskNumber(entry.callee, filter.dialledMaskDigits ?? 0);
    if (!digits(callee).startsWith(digits(filter.dialled))) return false;
  }
  if (filter.caller !== undefined && !digits(entry.caller).startsWith(digits(filter.caller)))
    return false;
  if (filter.disposition !== undefined && entry.disposition !== filter.disposition) return false;
  return filter.hangupCause === undefined || entry.hangupCause === filter.hangupCause;
}

/** The searchable facts of a stored CDR, rated or not (an unparsed one has only its arrival). */
export function entryOf(item: StoredCdr): PageEntry {
  if (item.status === 'rated') {
    const answered = item.answeredAtEpochMs !== null && Number(item.billsec) > 0;
    return {
      id: item.id,
      startedAtEpochMs: Number(item.startedAtEpochMs),
      disposition: answered ? 'answered' : 'failed',
      hangupCause: String(item.hangupCause),
      callee: String(item.callee),
      caller: String(item.caller),
    };
  }
  const edge = item.cdr as EdgeCdr | undefined;
  const cdr = edge?.kind === 'parsed' ? edge.cdr : undefined;
  return {
    id: item.id,
    startedAtEpochMs: cdr?.startedAtEpochMs ?? Number(item.receivedAtEpochMs),
    disposition: 'unrated',
    // An unparsed document has no cause; '-' keeps it apart from the empty NORMAL_CLEARING.
    hangupCause: cdr?.hangupCause ?? NO_CAUSE,
    callee: cdr?.callee ?? '',
    caller: cdr?.caller ?? '',
  };
}
