/**
 * The number sent to a carrier: the trunk's translation rules first, then the termination
 * rate's `strip` (a literal prefix, removed only when the number starts with it), then its
 * `prepend`. The order is fixed so that a rate's strip/prepend sees what the trunk produced.
 */
import { translateNumber, type TranslationRule } from './translation';

export function outboundNumber(
  number: string,
  trunkRules: readonly TranslationRule[],
  strip: string,
  prepend: string,
): string {
  const translated = translateNumber(number, trunkRules);
  const hasStrip = strip !== '' && translated.startsWith(strip);
  const stripped = hasStrip ? translated.slice(strip.length) : translated;
  return prepend + stripped;
}
