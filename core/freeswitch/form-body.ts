/**
 * The `application/x-www-form-urlencoded` body mod_xml_curl posts, decoded exactly as
 * FreeSWITCH builds it (`xml_url_fetch` + `switch_event_build_param_string`):
 *
 *   hostname=H&section=S&tag_name=T&key_name=K&key_value=V&Name1=enc(v1)&Name2=enc(v2)…
 *
 * The first five fields are written with `snprintf`, unencoded, so their values are kept as
 * sent. Header names are always raw. Every other value went through `switch_url_encode`, so it
 * is percent-decoded, and `+` is never a space. Repeated names are all kept, in order.
 */
import { percentDecode } from './percent';

export type FormField = readonly [name: string, value: string];

const RAW_PREFIX = ['hostname', 'section', 'tag_name', 'key_name', 'key_value'] as const;

export function decodeFormBody(body: string): FormField[] {
  const fields: FormField[] = [];
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf('&', start);
    if (end === -1) end = body.length;
    if (end > start) fields.push(decodePair(body.slice(start, end), fields.length));
    start = end + 1;
  }
  return fields;
}

function decodePair(pair: string, position: number): FormField {
  const equals = pair.indexOf('=');
  const name = equals === -1 ? pair : pair.slice(0, equals);
  const raw = equals === -1 ? '' : pair.slice(equals + 1);
  const unencoded = position < RAW_PREFIX.length && RAW_PREFIX[position] === name;
  return [name, unencoded ? raw : percentDecode(raw)];
}

/** The first value of `name`, or null. FreeSWITCH events carry each header once. */
export function firstField(fields: readonly FormField[], name: string): string | null {
  for (const [key, value] of fields) if (key === name) return value;
  return null;
}
