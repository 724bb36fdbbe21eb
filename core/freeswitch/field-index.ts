/**
 * A read view over decoded request fields: first value per name (FreeSWITCH events carry each
 * header once, so "first" only matters for hand-made bodies), empty strings read as absent.
 */
import type { FormField } from './form-body';

export interface FieldIndex {
  /** The value, or null when the field is missing or empty. */
  get(name: string): string | null;
  /** Channel variables (`variable_<name>` headers) keyed by `<name>`, first value wins. */
  readonly variables: Readonly<Record<string, string>>;
}

const VARIABLE_PREFIX = 'variable_';

export function indexFields(fields: readonly FormField[]): FieldIndex {
  const first = new Map<string, string>();
  const variables: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of fields) {
    if (!first.has(name)) first.set(name, value);
    if (name.startsWith(VARIABLE_PREFIX)) {
      const variable = name.slice(VARIABLE_PREFIX.length);
      if (!(variable in variables)) variables[variable] = value;
    }
  }
  return {
    get: (name) => {
      const value = first.get(name);
      return value === undefined || value === '' ? null : value;
    },
    variables,
  };
}

/** The first present field among `names`, in order of preference. */
export function pick(index: FieldIndex, ...names: string[]): string | null {
  for (const name of names) {
    const value = index.get(name);
    if (value !== null) return value;
  }
  return null;
}

/** A decimal integer field, or null when absent or not a plain non-negative integer. */
export function integerField(value: string | null): number | null {
  if (value === null || !/^[0-9]{1,15}$/.test(value)) return null;
  return Number(value);
}
