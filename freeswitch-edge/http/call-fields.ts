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

const WANTED = new Set([
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
]);

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
      const name = body.slice(position, eq);
      if (WANTED.has(name) && !raw.has(name) && eq + 1 < end) raw.set(name, body.slice(eq + 1, end));
    }
    position = end + 1;
  }
  const pick = (...names: string[]): string | null => {
    for (const name of names) {
      const value = raw.get(name);
      if (value !== undefined) return percentDecode(value);
    }
    return null;
  };
  const uuid = pick('Unique-ID', 'Caller-Unique-ID', 'variable_uuid');
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
