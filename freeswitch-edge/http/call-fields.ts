/**
 * The fast path for dialplan lookups: the handful of fields authorization reads, taken from
 * the wire body in one scan without decoding the ~150 others (the full parser builds every
 * field and variable, which costs more than authorizing the call). Preferences are exactly
 * `dialplanRequestFromFields`' (first value per name, empty = absent); a body this cannot read
 * goes to the full parser, which refuses it properly.
 */
import type { DialplanRequest } from '../../core/freeswitch/dialplan-request';
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
const SLOT = new Map<string, number>(WANTED.map((name, slot) => [name, slot]));

/**
 * Wanted names by length: a field whose name has no wanted length is skipped without reading
 * it, and the others are compared in place (`startsWith` at the field's offset), so the scan
 * slices only the ~16 values it keeps, never the ~150 names (that was most of a call's garbage).
 */
const WANTED_BY_LENGTH: (string[] | undefined)[] = [];
for (const name of WANTED) (WANTED_BY_LENGTH[name.length] ??= []).push(name);

const DIALPLAN = /^hostname=[^&]*&section=dialplan&/;

export function readCallRequest(body: string): CallRequest | null {
  if (!DIALPLAN.test(body)) return null;
  // Raw values by the name's slot in WANTED (an array, not a Map: one small allocation per call).
  const raw: (string | undefined)[] = new Array<string | undefined>(WANTED.length).fill(undefined);
  let position = 0;
  while (position < body.length) {
    const amp = body.indexOf('&', position);
    const end = amp === -1 ? body.length : amp;
    const eq = body.indexOf('=', position);
    if (eq !== -1 && eq < end) {
      // The first value per name counts, even an empty one (which then means absent).
      const slot = wantedAt(body, position, eq - position);
      if (slot !== -1 && raw[slot] === undefined) raw[slot] = body.slice(eq + 1, end);
    }
    position = end + 1;
  }
  const uuid = detached(pick(raw, 'Unique-ID', 'Caller-Unique-ID', 'variable_uuid'));
  const callee = pick(raw, 'Hunt-Destination-Number', 'Caller-Destination-Number');
  const context = pick(raw, 'Hunt-Context', 'Caller-Context');
  if (uuid === null || callee === null || context === null) return null;
  return {
    uuid,
    callee,
    context,
    caller: pick(raw, 'Hunt-Caller-ID-Number', 'Caller-Caller-ID-Number', 'variable_sip_from_user'),
    sourceIp: pick(raw, 'variable_sip_received_ip', 'Caller-Network-Addr', 'variable_sip_network_ip'),
    authUser: pick(raw, 'variable_sip_auth_username'),
    authRealm: pick(raw, 'variable_sip_auth_realm'),
    accessAccount: pick(raw, 'variable_tollgate_access_account'),
  };
}

/** The first of `names` with a non-empty value, decoded (null: none has one). */
function pick(raw: readonly (string | undefined)[], first: Wanted, second?: Wanted, third?: Wanted): string | null {
  for (const name of [first, second, third]) {
    const value = name === undefined ? undefined : raw[SLOT.get(name)!];
    if (value !== undefined && value !== '') return percentDecode(value);
  }
  return null;
}

/**
 * A copy of `value` that does not point into the request body. V8 makes a slice of 13 or more
 * characters a view of its parent string, and the uuid is kept as a map key for the life of the
 * call (channels, lease holds): as a view it kept the whole ~5 KB body alive, which took most of
 * the edge's time into the old generation and its GC.
 */
function detached(value: string | null): string | null {
  return value === null ? null : Buffer.from(value, 'utf8').toString('utf8');
}

/** The slot in WANTED of the name spelled at `body[position, position + length)`, or -1. */
function wantedAt(body: string, position: number, length: number): number {
  const names = WANTED_BY_LENGTH[length];
  if (names === undefined) return -1;
  for (const name of names) if (body.startsWith(name, position)) return SLOT.get(name)!;
  return -1;
}
