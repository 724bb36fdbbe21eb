/**
 * mod_json_cdr documents (`switch_ivr_generate_json_cdr`) into a RawCdr.
 *
 * - `callflow` is an array (newest profile first) since v1.6; before, one duplicate
 *   `"callflow"` key per profile. Every profile is kept either way.
 * - `variables` values are all strings, URL-encoded when `encode-values` is on (the default):
 *   detected from the values themselves unless the caller says which.
 * - `encode=true` together with `encode-values=true` cannot be read back: `switch_url_encode`
 *   passes the values' `%XX` through, so one decode of the body also decodes the values and a
 *   value's `"`, `\` or CR LF lands raw inside a JSON string. Such bodies are not repaired by
 *   guessing; they fail as `invalid_json` (docs/freeswitch.md says which settings to use).
 */
import { looksUrlEncoded } from './encoded-values';
import { scanJson, allValues, type JsonValue } from './json-scan';
import { percentDecode } from './percent';
import {
  isRecord,
  newestFirst,
  profileFrom,
  profileIndexOf,
  type CallflowProfile,
  type RawCdr,
} from './raw-cdr';
import { fsFail, fsOk, type FsResult } from './result';

/** `auto` detects `encode-values`; `true`/`false` force it (e.g. from the box's config). */
export type EncodedValuesOption = 'auto' | boolean;

export function jsonCdrToRaw(
  text: string,
  encodedValues: EncodedValuesOption = 'auto',
): FsResult<RawCdr> {
  const parsed = parseKeepingCallflows(text);
  if (!parsed.ok) return parsed;
  const { root, callflows } = parsed.value;
  if (!isRecord(root.variables)) {
    return fsFail('not_a_cdr', 'the JSON document has no variables object');
  }
  const plain = stringValuesInPlace(root.variables);
  const encoded = encodedValues === 'auto' ? looksUrlEncoded(Object.values(plain)) : encodedValues;
  const channelData = isRecord(root.channel_data) ? root.channel_data : {};
  return fsOk({
    format: 'json',
    coreUuid: stringOrNull(root['core-uuid']),
    switchname: stringOrNull(root.switchname),
    channelDirection: stringOrNull(channelData.direction),
    variables: encoded ? decodeInPlace(plain) : plain,
    callflow: newestFirst(callflows.flatMap(profilesOf)),
    valuesWereEncoded: encoded,
  });
}

interface ParsedJsonCdr {
  readonly root: Record<string, unknown>;
  readonly callflows: readonly unknown[];
}

// JSON.parse is the fast path; the scanning parser runs only when "callflow" repeats.
function parseKeepingCallflows(text: string): FsResult<ParsedJsonCdr> {
  const first = text.indexOf('"callflow"');
  if (first !== -1 && text.indexOf('"callflow"', first + 10) !== -1) {
    const scanned = scanJson(text);
    if (!scanned.ok) return scanned;
    const root = scanned.value.value;
    if (!isRecord(root)) return fsFail('not_a_cdr', 'the JSON document is not an object');
    return fsOk({ root, callflows: allValues(scanned.value.repeated, root, 'callflow') });
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return fsFail('invalid_json', error instanceof Error ? error.message : 'invalid JSON');
  }
  if (!isRecord(root)) return fsFail('not_a_cdr', 'the JSON document is not an object');
  return fsOk({ root, callflows: root.callflow === undefined ? [] : [root.callflow] });
}

function profilesOf(callflow: unknown): CallflowProfile[] {
  if (Array.isArray(callflow)) return callflow.flatMap(profilesOf);
  if (!isRecord(callflow)) return [];
  const callerProfile = isRecord(callflow.caller_profile) ? callflow.caller_profile : null;
  return [profileFrom(profileIndexOf(callflow.profile_index), callerProfile)];
}

// The parsed document is this function's own, so values are fixed up in place: copying 200+
// variables into a fresh object costs as much as parsing the whole document.
function stringValuesInPlace(variables: Record<string, unknown>): Record<string, string> {
  for (const name of Object.keys(variables)) {
    const value = variables[name];
    if (typeof value === 'string') continue;
    if (typeof value === 'number' || typeof value === 'boolean') variables[name] = String(value);
    else delete variables[name];
  }
  return variables as Record<string, string>;
}

function decodeInPlace(variables: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(variables)) {
    const value = variables[name] as string;
    if (value.includes('%')) variables[name] = percentDecode(value);
  }
  return variables;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export type { JsonValue };
