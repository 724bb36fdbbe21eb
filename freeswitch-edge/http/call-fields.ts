/**
 * The fast path for dialplan lookups: the handful of fields authorization reads, taken from
 * the wire body in one scan without decoding the ~150 others (the full parser builds every
 * field and variable, which costs more than authorizing the call). Preferences are exactly
 * `dialplanRequestFromFields`' (first value per name, empty = absent); a body this cannot read
 * goes to the full parser, which refuses it properly.
 */
import type { DialplanRequest } from '../../core/freeswitch/dialplan-request';
import { dialledNumberOf } from '../../core/freeswitch/dialled-number';
import { percentDecode } from '../../core/freeswitch/percent';

/** What the answerer reads from a dialplan request. */
export type CallRequest = Pick<
  DialplanRequest,
  'uuid' | 'context' | 'callee' | 'caller' | 'sourceIp' | 'authUser' | 'authRealm' | 'accessAccount'
>;

const WANTED = [
  'Unique-ID',
  'Caller-Unique-ID',
  'variable_uuid',
  'Hunt-Destination-Number',
  'Caller-Destination-Number',
  'Hunt-Context',
  'Caller-Context',
  'Hunt-Caller-ID-Number',
  'Caller-Caller-ID-Number',
  'variable_sip_from_user',
  'variable_sip_received_ip',
  'Caller-Network-Addr',
  'variable_sip_network_ip',
  'variable_sip_auth_username',
  'variable_sip_auth_realm',
  'variable_tollgate_access_account',
] as const;

type Wanted = (typeof WANTED)[number];
/** Each wanted name's slot (its place in WANTED); NONE is a slot never filled. */
const SLOT = Object.fromEntries(WANTED.map((name, slot) => [name, slot])) as Record<Wanted, number>;
const NONE: number = WANTED.length;

/**
 * Wanted slots by their name's length: a field whose name has no wanted length is skipped
 * without reading it, and the others are compared in place (`startsWith` at the field's
 * offset), so the scan slices only the ~16 values it keeps, never the ~150 names (that was
 * most of a call's garbage).
 */
const WANTED_BY_LENGTH: (number[] | undefined)[] = [];
for (const [slot, name] of WANTED.entries()) (WANTED_BY_LENGTH[name.length] ??= []).push(slot);

const LAST = WANTED.map((name) => name.charCodeAt(name.length - 1));

const DIALPLAN = /^hostname=[^&]*&section=dialplan&/;

/**
 * Raw values by slot, one array for every call (the scan is synchronous, never two at once),
 * emptied after each: one allocation less per call, and no slice of a body outlives its call.
 */
const raw: (string | undefined)[] = new Array<string | undefined>(NONE + 1).fill(undefined);

export function readCallRequest(body: string): CallRequest | null {
  if (!DIALPLAN.test(body)) return null;
  let position = 0;
  while (position < body.length) {
    const amp = body.indexOf('&', position);
    const end = amp === -1 ? body.length : amp;
    const eq = body.indexOf('=', position);
    if (eq !== -1 && eq < end) {
      // The first value per name counts, even an empty one (which then means absent).
      const slot = wantedAt(body, position, eq - position);
      if (slot !== NONE && raw[slot] === undefined) raw[slot] = body.slice(eq + 1, end);
    }
    position = end + 1;
  }
  try {
    return callRequestOf();
  } finally {
    raw.fill(undefined);
  }
}

/** The request from the values the scan kept (null without a uuid, callee or context). */
function callRequestOf(): CallRequest | null {
  const uuid = pick(SLOT['Unique-ID'], SLOT['Caller-Unique-ID'], SLOT.variable_uuid);
  const callee = pick(SLOT['Hunt-Destination-Number'], SLOT['Caller-Destination-Number']);
  const context = pick(SLOT['Hunt-Context'], SLOT['Caller-Context']);
  if (uuid === null || callee === null || context === null) return null;
  return {
    uuid: detached(uuid),
    callee: dialledNumberOf(callee),
    context,
    caller: pick(SLOT['Hunt-Caller-ID-Number'], SLOT['Caller-Caller-ID-Number'], SLOT.variable_sip_from_user),
    sourceIp: pick(SLOT.variable_sip_received_ip, SLOT['Caller-Network-Addr'], SLOT.variable_sip_network_ip),
    authUser: pick(SLOT.variable_sip_auth_username),
    authRealm: pick(SLOT.variable_sip_auth_realm),
    accessAccount: pick(SLOT.variable_tollgate_access_account),
  };
}

/** The first of the slots with a non-empty value, decoded (null: none has one). */
function pick(first: number, second = NONE, third = NONE): string | null {
  let value = raw[first];
  if (value === undefined || value === '') value = raw[second];
  if (value === undefined || value === '') value = raw[third];
  return value === undefined || value === '' ? null : percentDecode(value);
}

/**
 * A copy of `value` that does not point into the request body. V8 makes a slice of 13 or more
 * characters a view of its parent string, and the uuid is kept as a map key for the life of the
 * call (channels, lease holds): as a view it kept the whole ~5 KB body alive, which took most of
 * the edge's time into the old generation and its GC. Slicing a concatenation flattens it into
 * a new string first, so the slice's parent is that short copy (a third of the time a Buffer
 * round trip took).
 */
function detached(value: string): string {
  return `${value} `.slice(0, -1);
}

/** The slot of the name spelled at `body[position, position + length)`, or NONE. */
function wantedAt(body: string, position: number, length: number): number {
  const slots = WANTED_BY_LENGTH[length];
  if (slots === undefined) return NONE;
  // The name's last character first: most fields of a wanted length differ there.
  const last = body.charCodeAt(position + length - 1);
  for (const slot of slots) if (LAST[slot] === last && body.startsWith(WANTED[slot]!, position)) return slot;
  return NONE;
}
