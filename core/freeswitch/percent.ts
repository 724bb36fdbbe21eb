/**
 * Percent-decoding as FreeSWITCH's receivers need it. `switch_url_encode` turns every unsafe
 * byte into `%XX` (uppercase hex) and never writes `+` for a space, so `+` stays `+` here.
 * Decoded bytes are UTF-8; a malformed sequence becomes U+FFFD instead of an error, and a `%`
 * not followed by two hex digits is kept literally (as `switch_url_decode` does).
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function percentDecode(text: string): string {
  const first = text.indexOf('%');
  if (first === -1) return text;
  // The native decoder agrees on well-formed input (and leaves `+` alone) and is much faster;
  // it throws on a malformed escape or invalid UTF-8, which the careful path below handles.
  try {
    return decodeURIComponent(text);
  } catch {
    return decodeCarefully(text, first);
  }
}

function decodeCarefully(text: string, first: number): string {
  let out = text.slice(0, first);
  let index = first;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x25 && isHexPair(text, index + 1)) {
      const end = endOfEscapeRun(text, index);
      out += decodeRun(text, index, end);
      index = end;
    } else {
      out += text[index];
      index += 1;
    }
  }
  return out;
}

/** True when `text` has a `%XX` escape anywhere; cheap pre-check for "is this encoded?". */
export function hasPercentEscape(text: string): boolean {
  let index = text.indexOf('%');
  while (index !== -1) {
    if (isHexPair(text, index + 1)) return true;
    index = text.indexOf('%', index + 1);
  }
  return false;
}

function isHexPair(text: string, at: number): boolean {
  return at + 1 < text.length && isHex(text.charCodeAt(at)) && isHex(text.charCodeAt(at + 1));
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

// Consecutive escapes are decoded together so a multi-byte UTF-8 character survives.
function endOfEscapeRun(text: string, start: number): number {
  let end = start;
  while (end < text.length && text.charCodeAt(end) === 0x25 && isHexPair(text, end + 1)) end += 3;
  return end;
}

function decodeRun(text: string, start: number, end: number): string {
  const bytes = new Uint8Array((end - start) / 3);
  for (let index = 0; index < bytes.length; index += 1) {
    const at = start + index * 3 + 1;
    bytes[index] = Number.parseInt(text.slice(at, at + 2), 16);
  }
  return utf8.decode(bytes);
}
