/**
 * CDR documents as FreeSWITCH writes them, from one leg description:
 * - mod_json_cdr (`switch_ivr_generate_json_cdr`, one line as `cJSON_PrintUnformatted`):
 *   `encode-values` URL-encodes each `variables` value; `callflow` is an array (v1.6+) or, for
 *   older boxes, one duplicate `"callflow"` key per profile;
 * - mod_xml_cdr (`switch_ivr_generate_xml_cdr`): variables as raw-named elements with
 *   URL-encoded text, one `<callflow>` element per profile, `<application>` attributes.
 */
import {
  allValues,
  scanJson,
  type JsonObject,
  type JsonValue,
} from '../../core/freeswitch/json-scan';
import { looksUrlEncoded } from '../../core/freeswitch/encoded-values';
import { percentDecode } from '../../core/freeswitch/percent';
import { switchUrlEncode } from './url-encode';

export interface CdrApplication {
  readonly app_name: string;
  readonly app_data: string;
  readonly app_stamp?: string;
}

export interface CdrCallflow {
  readonly dialplan: string;
  readonly profile_index: string;
  readonly extension?: {
    readonly name: string;
    readonly number: string;
    readonly applications: CdrApplication[];
  };
  readonly caller_profile: Readonly<Record<string, string>>;
  readonly times: Readonly<Record<string, string>>;
}

export interface CdrLegDocument {
  readonly coreUuid: string;
  readonly switchname: string | null;
  readonly channelData: Readonly<Record<string, string>>;
  /** `callStats` (v1.6.5+), written as given; absent on older boxes. */
  readonly callStats?: unknown;
  /** Channel variables in channel order, decoded. */
  readonly variables: readonly (readonly [string, string])[];
  readonly appLog: readonly CdrApplication[];
  /** Newest profile first, as FreeSWITCH lists them. */
  readonly callflow: readonly CdrCallflow[];
}

export interface JsonCdrStyle {
  /** mod_json_cdr `encode-values` (FreeSWITCH's default is true). */
  readonly encodeValues: boolean;
  /** `array` since v1.6; `duplicate_keys` before. */
  readonly callflow: 'array' | 'duplicate_keys';
}

export function toJsonCdr(doc: CdrLegDocument, style: JsonCdrStyle): string {
  const variables = doc.variables
    .map(([name, value]) => {
      const written = style.encodeValues ? switchUrlEncode(value) : value;
      return `${JSON.stringify(name)}:${JSON.stringify(written)}`;
    })
    .join(',');
  const head = [
    `"core-uuid":${JSON.stringify(doc.coreUuid)}`,
    ...(doc.switchname === null ? [] : [`"switchname":${JSON.stringify(doc.switchname)}`]),
    `"channel_data":${JSON.stringify(doc.channelData)}`,
    ...(doc.callStats === undefined ? [] : [`"callStats":${JSON.stringify(doc.callStats)}`]),
    `"variables":{${variables}}`,
    `"app_log":${JSON.stringify({ applications: doc.appLog })}`,
  ];
  const callflow =
    style.callflow === 'array'
      ? [`"callflow":${JSON.stringify(doc.callflow)}`]
      : doc.callflow.map((profile) => `"callflow":${JSON.stringify(profile)}`);
  return `{${[...head, ...callflow].join(',')}}`;
}

export function toXmlCdr(doc: CdrLegDocument): string {
  const switchname = doc.switchname === null ? '' : ` switchname="${xmlEscape(doc.switchname)}"`;
  const parts = [
    `<?xml version="1.0"?>\n<cdr core-uuid="${xmlEscape(doc.coreUuid)}"${switchname}>`,
  ];
  parts.push(`<channel_data>${elements(doc.channelData)}</channel_data>`);
  const variables = doc.variables.map(
    ([name, value]) => `<${name}>${xmlEscape(switchUrlEncode(value))}</${name}>`,
  );
  parts.push(`<variables>${variables.join('')}</variables>`);
  parts.push(`<app_log>${applications(doc.appLog)}</app_log>`);
  for (const profile of doc.callflow) parts.push(xmlCallflow(profile));
  parts.push('</cdr>');
  return parts.join('\n');
}

function xmlCallflow(profile: CdrCallflow): string {
  const uuid = profile.caller_profile.uuid ?? '';
  const open =
    `<callflow dialplan="${xmlEscape(profile.dialplan)}" unique-id="${xmlEscape(uuid)}"` +
    ` profile_index="${profile.profile_index}">`;
  const ext = profile.extension;
  const extension =
    ext === undefined
      ? ''
      : `<extension name="${xmlEscape(ext.name)}" number="${xmlEscape(ext.number)}">` +
        `${applications(ext.applications)}</extension>`;
  const callerProfile = `<caller_profile>${elements(profile.caller_profile)}</caller_profile>`;
  return `${open}${extension}${callerProfile}<times>${elements(profile.times)}</times></callflow>`;
}

// Nested objects (a profile's originator/originatee lists) are left out: billing reads neither.
function applications(list: readonly CdrApplication[]): string {
  return list.map((app) => `<application${attributes(app)}></application>`).join('');
}

function elements(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join('');
}

function attributes(values: object): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlEscape(String(value))}"`)
    .join('');
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Reads a JSON CDR text back into a leg description (every callflow kept, values decoded). */
export function legDocumentFromJson(text: string): CdrLegDocument {
  const scanned = scanJson(text);
  if (!scanned.ok || !isObject(scanned.value.value))
    throw new Error(`not a JSON CDR: ${JSON.stringify(scanned)}`);
  const root = scanned.value.value;
  const rawVariables = Object.entries(asObject(root.variables)).map(
    ([k, v]) => [k, String(v)] as const,
  );
  const encoded = looksUrlEncoded(rawVariables.map(([, value]) => value));
  const variables = rawVariables.map(([k, v]) => [k, encoded ? percentDecode(v) : v] as const);
  const callflow = allValues(scanned.value.repeated, root, 'callflow').flatMap((v) =>
    Array.isArray(v) ? v : [v],
  );
  return {
    coreUuid: String(root['core-uuid'] ?? ''),
    switchname: typeof root.switchname === 'string' ? root.switchname : null,
    channelData: asObject(root.channel_data) as Record<string, string>,
    ...(root.callStats === undefined ? {} : { callStats: root.callStats }),
    variables,
    appLog: (asObject(root.app_log).applications ?? []) as unknown as CdrApplication[],
    callflow: callflow.map((profile) => asObject(profile) as unknown as CdrCallflow),
  };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isObject(value) ? value : {};
}
