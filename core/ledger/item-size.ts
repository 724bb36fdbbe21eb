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
const encoder = new TextEncoder();

export function itemSizeBytes(item: ItemMap): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += encoder.encode(name).length + valueSize(value);
  }
  return size;
}

function valueSize(value: ItemValue): number {
  if (typeof value === 'string') return encoder.encode(value).length;
  if (typeof value === 'number') return numberSize(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) {
    return 3 + value.reduce((sum: number, element: ItemValue) => sum + 1 + valueSize(element), 0);
  }
  return 3 + itemSizeBytes(value as ItemMap) + Object.keys(value).length;
}

function numberSize(value: number): number {
  const digits = String(Math.abs(value))
    .replace(/[.e+-]/g, '')
    .replace(/^0+|0+$/g, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** Write units of one item written in a TransactWriteItems (AWS bills transactions 2×). */
export function transactionalWriteUnits(item: ItemMap): number {
  return 2 * Math.ceil(itemSizeBytes(item) / KB);
}

/** Write units of one item written outside a transaction, or into a global secondary index. */
export function standardWriteUnits(item: ItemMap): number {
  return Math.ceil(itemSizeBytes(item) / KB);
}
