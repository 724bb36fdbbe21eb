/**
 * mod_xml_cdr names each variable's element after the variable, whatever its spelling, and
 * FreeSWITCH's own XML reader does not mind; a name such as `1st_leg` or `a@b` is not an XML
 * name and makes a strict validator refuse the whole CDR. Such tags (and names a JavaScript
 * object cannot hold safely, like `__proto__`) are renamed to placeholders before parsing, and
 * the map turns them back into the variable names afterwards.
 */

const XML_NAME = /^[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*$/;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const TAG = /<(\/?)([^\s<>/!?]+)/g;

export interface RenamedTags {
  readonly text: string;
  /** placeholder → original name */
  readonly originals: ReadonlyMap<string, string>;
}

export function renameUnusualTags(text: string): RenamedTags {
  const placeholders = new Map<string, string>();
  const originals = new Map<string, string>();
  const renamed = text.replace(TAG, (whole, slash: string, name: string) => {
    if (XML_NAME.test(name) && !UNSAFE_KEYS.has(name)) return whole;
    let placeholder = placeholders.get(name);
    if (placeholder === undefined) {
      placeholder = `tollgate_renamed_${placeholders.size}`;
      placeholders.set(name, placeholder);
      originals.set(placeholder, name);
    }
    return `<${slash}${placeholder}`;
  });
  return { text: originals.size === 0 ? text : renamed, originals };
}
