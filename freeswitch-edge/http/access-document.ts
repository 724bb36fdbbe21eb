/**
 * The answer to a caller ID calling one of its access numbers (calling-card style, A2Billing's
 * callback-less access): answer, remember the account on the channel, ask for the destination
 * with FreeSWITCH's stock prompts, and transfer to it in `tollgate_access`, whose lookup the
 * edge authorizes as an ordinary call of that account (core/authorization/identify.ts).
 * Nothing is held or counted here: the call's channel, calls per second and lease hold are
 * taken by that second lookup, once there is a number to price.
 */
import { ACCESS_CONTEXT } from '../../core/authorization/identify';
import { TOLLGATE_VARIABLES as V } from '../../core/freeswitch/channel-variables';
import { dialplanDocument } from './dialplan-document';

/** The channel variable `play_and_get_digits` collects the destination into. */
export const ACCESS_DIGITS_VARIABLE = 'tollgate_access_digits';

/**
 * mod_dptools' argument order: min max tries timeout(ms) terminators prompt invalid-prompt
 * var-name regex. 3–20 digits (short codes to the longest E.164 plus a trunk prefix), 3 tries,
 * 5 s each, `#` ends the number early.
 */
const COLLECT_DESTINATION = [
  '3 20 3 5000 #',
  'ivr/ivr-enter_destination_telephone_number.wav',
  'ivr/ivr-that_was_an_invalid_entry.wav',
  ACCESS_DIGITS_VARIABLE,
  '^\\d{3,20}$',
].join(' ');

/**
 * When no valid number was entered, play_and_get_digits returns and FreeSWITCH goes on with
 * the next action: the caller gave no destination, so the call ends normally, marked.
 */
export const NO_DESTINATION = { reason: 'no_destination', cause: 'NORMAL_CLEARING' } as const;

export function accessDocument(context: string, accountId: string): string {
  return dialplanDocument(context, [
    ['answer', ''],
    ['set', `${V.accessAccount}=${accountId}`],
    ['play_and_get_digits', COLLECT_DESTINATION],
    ['transfer', `\${${ACCESS_DIGITS_VARIABLE}} XML ${ACCESS_CONTEXT}`],
    ['set', `${V.reason}=${NO_DESTINATION.reason}`],
    ['hangup', NO_DESTINATION.cause],
  ]);
}
