/**
 * Write units as AWS bills them, computed from the items we write (DynamoDB Local reports
 * transactional writes at 1×, AWS bills 2×, so its figure is not used).
 *
 * Item size follows the documented rules: attribute names count their UTF-8 bytes; strings
 * their UTF-8 bytes; numbers about 1 byte per two significant digits + 1; booleans and null 1;
 * maps and lists 3 bytes + 1 per element + their contents. One write unit covers 1 KB.
 */
export type ItemValue = string | number | boolean | null | readonly ItemValue[] | ItemMap;
export interface ItemMap {
  readonly [name: string]: ItemValue | undefined;
}

const KB = 1024;

export function itemSizeBytes(item: ItemMap): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8Bytes(name) + valueSize(value);
  }
  return size;
}

function valueSize(value: ItemValue): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number') return numberSize(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) {
    return 3 + value.reduce((sum: number, element: ItemValue) => sum + 1 + valueSize(element), 0);
  }
  return 3 + itemSizeBytes(value as ItemMap) + Object.keys(value).length;
}

/**
 * A string's UTF-8 length without encoding it (the rater sizes every CDR item it writes; an
 * encoder allocates a buffer per string). A lone surrogate counts 3, as its U+FFFD would.
 */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      bytes += 2; // the pair's two code units make one 4-byte sequence
      index += 1;
    } else bytes += 2;
  }
  return bytes;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

function numberSize(value: number): number {
  if (Number.isSafeInteger(value)) return integerSize(Math.abs(value));
  const digits = String(Math.abs(value))
    .replace(/[.e+-]/g, '')
    .replace(/^0+|0+$/g, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Significant digits of an integer (trailing zeros are not stored), without a string. */
function integerSize(value: number): number {
  let rest = value;
  while (rest !== 0 && rest % 10 === 0) rest /= 10;
  let digits = 1;
  for (rest = Math.floor(rest / 10); rest !== 0; rest = Math.floor(rest / 10)) digits += 1;
  return Math.ceil(digits / 2) + 1;
}

/** Write units of one item written in a TransactWriteItems (AWS bills transactions 2×). */
export function transactionalWriteUnits(item: ItemMap): number {
  return 2 * Math.ceil(itemSizeBytes(item) / KB);
}

/** Write units of one item written outside a transaction, or into a global secondary index. */
export function standardWriteUnits(item: ItemMap): number {
  return Math.ceil(itemSizeBytes(item) / KB);
}
