/**
 * `switch_url_encode_opt` (src/switch_utils.c), byte for byte: bytes below 0x20 or above 0x7E
 * and the SWITCH_URL_UNSAFE characters become `%XX` with uppercase hex; an existing `%XX`
 * (uppercase hex digits only) passes through unless `doubleEncode`. Space is `%20`, never `+`.
 * mod_xml_curl, mod_json_cdr (body and `encode-values`) use doubleEncode=false; mod_xml_cdr's
 * whole-body `encode=true` uses true.
 */

const SWITCH_URL_UNSAFE = '\r\n "#%&+:;<=>?@[\\]^`{|}';
const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();

export function switchUrlEncode(value: string, options: { doubleEncode?: boolean } = {}): string {
  const bytes = utf8.encode(value);
  let out = '';
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index] ?? 0;
    const passThrough =
      options.doubleEncode !== true &&
      byte === 0x25 &&
      index + 2 < bytes.length &&
      isUpperHex(bytes[index + 1]) &&
      isUpperHex(bytes[index + 2]);
    const unsafe =
      byte < 0x20 || byte > 0x7e || SWITCH_URL_UNSAFE.includes(String.fromCharCode(byte));
    if (!passThrough && unsafe) out += `%${HEX[byte >> 4]}${HEX[byte & 0x0f]}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

function isUpperHex(byte: number | undefined): boolean {
  return byte !== undefined && HEX.includes(String.fromCharCode(byte));
}
