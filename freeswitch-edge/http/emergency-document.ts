/**
 * The answer to an emergency call (core/authorization/emergency.ts): the contract's call-wide
 * facts with `tollgate_emergency=true` (the cloud rates the call 0) and a bridge over the
 * emergency trunk's gateways. No `tollgate_max_seconds` and no scheduled hangup: an emergency
 * call is never cut off for money; no deck facts, no lease.
 */
import type { EmergencyCall } from '../../core/authorization/emergency';
import { TOLLGATE_CONTRACT_VERSION, TOLLGATE_VARIABLES as V } from '../../core/freeswitch/channel-variables';
import { dialplanDocument } from './dialplan-document';

export function emergencyDocument(context: string, call: EmergencyCall, edgeId: string): string {
  const facts: [string, string][] = [
    [V.contract, TOLLGATE_CONTRACT_VERSION],
    [V.account, call.accountId],
    [V.emergency, 'true'],
    [V.edge, edgeId],
  ];
  const endpoint = (gateway: string): string =>
    `[${V.trunk}=${call.trunk},leg_timeout=${call.ringTimeoutSeconds}]sofia/external/${call.dialled}@${gateway}`;
  return dialplanDocument(context, [
    ...facts.map(([name, value]) => ['export', `${name}=${value}`] as const),
    ['set', 'hangup_after_bridge=true'],
    ['set', 'continue_on_fail=true'],
    ['bridge', call.gateways.map(endpoint).join('|')],
  ]);
}
