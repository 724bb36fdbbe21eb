/**
 * On-net calls: the dialled number is one of our devices in the caller's own SIP domain. Such a
 * call is bridged to that device (no LCR), rated by the account's local-call charge per minute by
 * the second (what the cloud's rater charges it), and lasts at most what the account's funds pay
 * for at that charge, capped by its max call length. `null`: not an on-net call.
 */
import { maxAffordableSeconds } from '../rating/max-seconds';
import { localCallTerms, NO_MARKUP } from '../rating/rate';
import type { SnapshotAccount } from '../snapshot/snapshot';
import type { EdgeIndex } from './edge-index';
import { billableRulesOfAccount } from './limits';

export interface OnNetCall {
  readonly ok: true;
  readonly kind: 'on_net';
  readonly accountId: string;
  /** The device called, as FreeSWITCH's `user/<user>@<domain>` endpoint names it. */
  readonly user: string;
  readonly domain: string;
  readonly maxSeconds: number;
}

export function onNetCall(
  index: EdgeIndex,
  account: SnapshotAccount,
  domain: string,
  dialled: string,
): OnNetCall | { ok: false; code: 'insufficient_funds'; message: string } | null {
  const device = index.devices.get(`${dialled}@${domain}`);
  if (device === undefined || device.domain !== domain || device.status !== 'active') return null;
  const terms = localCallTerms(account.localCalls.perMinuteMicros);
  const available = account.availableMicros;
  const maxSeconds =
    available === undefined
      ? account.maxCallSeconds
      : maxAffordableSeconds(
          terms,
          NO_MARKUP,
          available,
          account.maxCallSeconds,
          billableRulesOfAccount(index, account),
        );
  if (maxSeconds === 0) {
    return { ok: false, code: 'insufficient_funds', message: 'the local call is not affordable' };
  }
  return { ok: true, kind: 'on_net', accountId: account.accountId, user: dialled, domain, maxSeconds };
}
