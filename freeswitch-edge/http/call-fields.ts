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
  'uuid' | 'context' | 'callee' | 'caller' | 'sourceIp' | 'authUser' | 'authRealm'
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
] as const;

/**
 * Wanted names by length: a field whose name has no wanted length is skipped without reading
 * it, and the others are compared in place (`startsWith` at the field's offset), so the scan
 * slices only the ~15 values it keeps, never the ~150 names (that was most of a call's garbage).
 */
const WANTED_BY_LENGTH: (string[] | undefined)[] = [];
for (const name of WANTED) (WANTED_BY_LENGTH[name.length] ??= []).push(name);

const DIALPLAN = /^hostname=[^&]*&section=dialplan&/;

export function readCallRequest(body: string): CallRequest | null {
  if (!DIALPLAN.test(body)) return null;
  const raw = new Map<string, string>();
  let position = 0;
  while (position < body.length) {
    const amp = body.indexOf('&', position);
    const end = amp === -1 ? body.length : amp;
    const eq = body.indexOf('=', position);
    if (eq !== -1 && eq < end) {
      // The first value per name counts, even an empty one (which then means absent).
      const name = wantedAt(body, position, eq - position);
      if (name !== undefined && !raw.has(name)) raw.set(name, body.slice(eq + 1, end));
    }
    position = end + 1;
  }
  const pick = (...names: (typeof WANTED)[number][]): string | null => {
    for (const name of names) {
      const value = raw.get(name);
      if (value !== undefined && value !== '') return percentDecode(value);
    }
    return null;
  };
  const uuid = detached(pick('Unique-ID', 'Caller-Unique-ID', 'variable_uuid'));
  const callee = pick('Hunt-Destination-Number', 'Caller-Destination-Number');
  const context = pick('Hunt-Context', 'Caller-Context');
  if (uuid === null || callee === null || context === null) return null;
  return {
    uuid,
    callee,
    context,
    caller: pick('Hunt-Caller-ID-Number', 'Caller-Caller-ID-Number', 'variable_sip_from_user'),
    sourceIp: pick('variable_sip_received_ip', 'Caller-Network-Addr', 'variable_sip_network_ip'),
    authUser: pick('variable_sip_auth_username'),
    authRealm: pick('variable_sip_auth_realm'),
  };
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

/** The wanted name spelled at `body[position, position + length)`, if any. */
function wantedAt(body: string, position: number, length: number): string | undefined {
  const names = WANTED_BY_LENGTH[length];
  if (names === undefined) return undefined;
  for (const name of names) if (body.startsWith(name, position)) return name;
  return undefined;
}
