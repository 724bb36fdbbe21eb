/**
 * A call to an emergency number (the edge set `tollgate_emergency=true`, see
 * core/authorization/emergency.ts): rated, free for every level, and marked by its basis so
 * that statements and re-rating can tell it from an unanswered call.
 */
import type { NormalizedCdr } from '../freeswitch/normalized-cdr';
import { callFields, type RateOutcome } from './rated-cdr';

export function isEmergencyCdr(cdr: NormalizedCdr): boolean {
  return cdr.tollgate?.emergency === 'true';
}

export function rateEmergencyCall(cdr: NormalizedCdr, accountId: string, seconds: number): RateOutcome {
  return {
    ok: true,
    rated: {
      ...callFields(cdr, accountId),
      chargedSeconds: seconds,
      billableSeconds: 0,
      basis: { kind: 'emergency' },
      charges: [],
      revenueMicros: 0,
    },
  };
}
