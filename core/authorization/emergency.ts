/**
 * Emergency numbers (issue 9): a configurable list per country, operator-wide (the snapshot's
 * `emergency` setting, defaults below). A call to one of them is always sent out through the
 * configured emergency trunk, is free (the edge marks it `tollgate_emergency=true` and the
 * cloud's rater charges 0), and is never refused for balance or limits: it comes before the
 * blocked prefixes, the channel and CPS counters, the rate and the funds, and it reserves no
 * credit. Only the checks before it in the order still apply (who calls; the account
 * and its resellers active and not expired).
 *
 * The number is matched as dialled (the ACL's tech prefix removed) and after the account's
 * translation rules, before E.164 normalization: normalization would turn Australia's `000`
 * into `6100`, and a translation rule that prefixes every number must not hide `112`.
 */
import { parseTranslationRules, translateNumber, type TranslationRule } from '../routing/translation';
import type { SnapshotContent } from '../snapshot/snapshot';
import type { EdgeIndex, PreparedAccount } from './edge-index';

/**
 * The numbers each country treats as emergency numbers when the operator has not set its own
 * list for that country (ISO 3166 code; '' = an account without a country). 112 is the GSM
 * standard number that every mobile network routes, hence the fallback for other countries.
 */
export const DEFAULT_EMERGENCY_NUMBERS: Readonly<Record<string, readonly string[]>> = {
  '': ['112', '911'],
  US: ['911'],
  CA: ['911'],
  GB: ['999', '112'],
  DE: ['112', '110'],
  FR: ['112', '15', '17', '18'],
  NL: ['112'],
  IT: ['112', '113', '115', '118'],
  ES: ['112', '091'],
  IN: ['112', '100', '101', '102'],
  AU: ['000', '112'],
  JP: ['110', '119'],
};
const FALLBACK_NUMBERS: readonly string[] = ['112'];

/** The operator's emergency setting, prepared once per snapshot. */
export interface EmergencyPlan {
  /** The trunk every emergency call goes out through; null when none is configured. */
  readonly trunk: EmergencyTrunk | null;
  numbersOf(country: string): ReadonlySet<string>;
}

export interface EmergencyTrunk {
  readonly id: string;
  readonly translation: readonly TranslationRule[];
  /** `host:port` in failover order. */
  readonly gateways: readonly string[];
  readonly ringTimeoutSeconds: number;
}

export interface EmergencyCall {
  readonly ok: true;
  readonly kind: 'emergency';
  readonly accountId: string;
  /** The emergency number as matched (before the trunk's translation rules). */
  readonly number: string;
  readonly trunk: string;
  /** The number sent to the trunk: the trunk's translation rules applied. */
  readonly dialled: string;
  readonly gateways: readonly string[];
  readonly ringTimeoutSeconds: number;
}

export type EmergencyAnswer =
  | EmergencyCall
  | { readonly ok: false; readonly code: 'no_route'; readonly message: string };

/** Builds the plan from the snapshot; throws (the snapshot is refused) on a missing trunk. */
export function prepareEmergency(content: SnapshotContent): EmergencyPlan {
  const setting = content.emergency;
  const byCountry = new Map<string, ReadonlySet<string>>();
  const numbersOf = (country: string): ReadonlySet<string> => {
    let numbers = byCountry.get(country);
    if (numbers === undefined) {
      const listed = setting?.numbersByCountry?.[country] ?? DEFAULT_EMERGENCY_NUMBERS[country];
      numbers = new Set(listed ?? FALLBACK_NUMBERS);
      byCountry.set(country, numbers);
    }
    return numbers;
  };
  if (setting === undefined) return { trunk: null, numbersOf };
  const trunk = content.trunks.find((candidate) => candidate.id === setting.trunkId);
  if (trunk === undefined) throw new Error(`emergency trunk ${setting.trunkId} is not in the snapshot`);
  const rules = parseTranslationRules(trunk.translationRules);
  if (!rules.ok) throw new Error(`emergency trunk ${trunk.id}: ${rules.message}`);
  return {
    numbersOf,
    trunk: {
      id: trunk.id,
      translation: rules.rules,
      gateways: trunk.gateways.map((gateway) => `${gateway.host}:${gateway.port}`),
      ringTimeoutSeconds: trunk.ringTimeoutSeconds,
    },
  };
}

/** An emergency call's answer, or null when `dialled` is not an emergency number. */
export function emergencyCall(
  index: EdgeIndex,
  prepared: PreparedAccount,
  dialled: string,
): EmergencyAnswer | null {
  const numbers = index.emergency.numbersOf(prepared.account.country);
  const translated = numbers.has(dialled) ? dialled : translateNumber(dialled, prepared.translation);
  if (!numbers.has(translated)) return null;
  const trunk = index.emergency.trunk;
  if (trunk === null) {
    return { ok: false, code: 'no_route', message: `${translated} is an emergency number and no emergency trunk is configured` };
  }
  return {
    ok: true,
    kind: 'emergency',
    accountId: prepared.account.accountId,
    number: translated,
    trunk: trunk.id,
    dialled: translateNumber(translated, trunk.translation),
    gateways: trunk.gateways,
    ringTimeoutSeconds: trunk.ringTimeoutSeconds,
  };
}
