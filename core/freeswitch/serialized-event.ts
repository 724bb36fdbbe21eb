/**
 * `switch_event_serialize` output (`Name: value` lines, as a Lua xml_handler's
 * `params:serialize()` prints them). Values are URL-encoded with the same function mod_xml_curl
 * uses, so decoding them gives the same fields as the wire body minus its five-field prefix.
 */
import type { FormField } from './form-body';
import { percentDecode } from './percent';

export function decodeSerializedEvent(text: string): FormField[] {
  const fields: FormField[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    const colon = trimmed.indexOf(': ');
    if (colon <= 0) continue;
    fields.push([trimmed.slice(0, colon), percentDecode(trimmed.slice(colon + 2))]);
  }
  return fields;
}
