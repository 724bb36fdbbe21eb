/**
 * The answer to a caller ID calling one of its access numbers (calling-card style, A2Billing's
 * callback-less access): answer, remember the account on the channel, ask for the destination
 * with FreeSWITCH's stock prompts, and transfer to it in `tollgate_access`, whose lookup the
 * edge authorizes as an ordinary call of that account (core/authorization/identify.ts).
 * The call's calls per second are counted on this first lookup (core/authorization/authorize.ts);
 * its channel and lease hold are taken by the second, once there is a number to price.
 */
import { ACCESS_CONTEXT } from '../../core/authorization/identify';
import { TOLLGATE_VARIABLES as V } from '../../core/freeswitch/channel-variables';
import { dialplanDocument } from './dialplan-document';

/** The channel variable `play_and_get_digits` collects the destination into. */
export const ACCESS_DIGITS_VARIABLE = 'tollgate_access_digits';

/** Where play_and_get_digits sends a caller who entered no valid number (see below). */
export const NO_DESTINATION_EXTENSION = 'tollgate_no_destination';

/**
 * mod_dptools' argument order: min max tries timeout(ms) terminators prompt invalid-prompt
 * var-name regex digit-timeout(ms) transfer-on-failure. 3–20 digits (short codes to the longest
 * E.164 plus a trunk prefix), 3 tries, 5 s each, 3 s between digits, `#` ends the number early.
 * After the last failed try it transfers to `NO_DESTINATION_EXTENSION` in `tollgate_access`
 * (quoted: one argument of three words), whose lookup the edge answers with `no_destination`:
 * without it FreeSWITCH would go on to the next action, the `transfer` below with an unset
 * variable, whose words would shift into a lookup of "XML" in a dialplan named after our context.
 */
const COLLECT_DESTINATION = [
  '3 20 3 5000 #',
  'ivr/ivr-enter_destination_telephone_number.wav',
  'ivr/ivr-that_was_an_invalid_entry.wav',
  ACCESS_DIGITS_VARIABLE,
  '^\\d{3,20}$',
  '3000',
  `'${NO_DESTINATION_EXTENSION} XML ${ACCESS_CONTEXT}'`,
].join(' ');

/** The caller gave no destination: the call ends normally, marked. */
export const NO_DESTINATION = { reason: 'no_destination', cause: 'NORMAL_CLEARING' } as const;

const NO_DESTINATION_ACTIONS: readonly (readonly [string, string])[] = [
  ['set', `${V.reason}=${NO_DESTINATION.reason}`],
  ['hangup', NO_DESTINATION.cause],
];

export function accessDocument(context: string, accountId: string): string {
  return dialplanDocument(context, [
    ['answer', ''],
    ['set', `${V.accessAccount}=${accountId}`],
    ['play_and_get_digits', COLLECT_DESTINATION],
    ['transfer', `\${${ACCESS_DIGITS_VARIABLE}} XML ${ACCESS_CONTEXT}`],
    // Not reached when FreeSWITCH transfers on failure as configured above; kept so that a
    // switch that goes on anyway still ends the call marked.
    ...NO_DESTINATION_ACTIONS,
  ]);
}

/** The answer to the failure transfer's lookup (`NO_DESTINATION_EXTENSION` in `tollgate_access`). */
export function noDestinationDocument(context: string): string {
  return dialplanDocument(context, NO_DESTINATION_ACTIONS);
}
