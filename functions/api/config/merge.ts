/**
 * A change request applied to stored data: fields left out stay, `null` clears an optional
 * field, anything else replaces it. Fields in `skip` (e.g. a password) are handled by the caller.
 */
export function mergeChange<D extends object>(
  before: D,
  change: object,
  skip: readonly string[] = [],
): D {
  const next = { ...before } as Record<string, unknown>;
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined || skip.includes(key)) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as unknown as D;
}
