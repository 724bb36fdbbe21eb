/**
 * Detects mod_json_cdr's `encode-values` (default on): every value inside `variables` went
 * through `switch_url_encode`. An encoded value never contains a byte that function escapes
 * (space, `"#&+:;<=>?@[\]^` + "`{|}", controls, non-ASCII), and real CDRs always have such bytes
 * in some value when not encoded (`start_stamp` has a space and colons, `sip_from_uri` an `@`).
 * So: any unsafe byte anywhere means plain values; none, plus some `%XX`, means encoded.
 */
import { hasPercentEscape } from './percent';

// The characters of SWITCH_URL_UNSAFE except `%`, which both forms may contain.
const UNSAFE = /[\u0000-\u001f\u007f-\uffff "#&+:;<=>?@[\\\]^`{|}]/;

export function looksUrlEncoded(values: readonly string[]): boolean {
  let escapes = false;
  for (const value of values) {
    if (UNSAFE.test(value)) return false;
    if (!escapes && hasPercentEscape(value)) escapes = true;
  }
  return escapes;
}
