/**
 * A small JSON parser that keeps repeated object keys. Before v1.6, mod_json_cdr wrote one
 * `"callflow"` key per caller profile; `JSON.parse` keeps only the last (the oldest profile).
 * This parser records every value of a repeated key, in document order, beside the usual
 * last-wins object. It is total (errors are results) and bounded in nesting depth, and it is
 * only used when a document has a repeated key, so JSON.parse stays the fast path.
 */
import { fsFail, fsOk, type FsResult } from './result';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Every value of each repeated key, per object. Keys seen once are not recorded. */
export type RepeatedKeys = Map<JsonObject, Map<string, JsonValue[]>>;

export interface ScannedJson {
  readonly value: JsonValue;
  readonly repeated: RepeatedKeys;
}

/** Deep enough for any CDR (callflow→caller_profile→originatee→profiles is 6 levels). */
export const MAX_JSON_DEPTH = 64;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Scanner {
  index = 0;
  readonly repeated: RepeatedKeys = new Map();
  constructor(readonly text: string) {}

  skipSpace(): void {
    const text = this.text;
    while (this.index < text.length && ' \t\n\r'.includes(text.charAt(this.index))) this.index += 1;
  }

  value(depth: number): JsonValue | Error {
    if (depth > MAX_JSON_DEPTH) return new Error(`nesting deeper than ${MAX_JSON_DEPTH}`);
    this.skipSpace();
    const char = this.text.charAt(this.index);
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    for (const [word, literal] of LITERALS) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = this.index;
    const match = NUMBER.exec(this.text);
    if (match === null) return new Error(`unexpected character at offset ${this.index}`);
    this.index += match[0].length;
    return Number(match[0]);
  }

  string(): string | Error {
    let end = this.index + 1;
    for (;;) {
      end = this.text.indexOf('"', end);
      if (end === -1) return new Error(`unterminated string at offset ${this.index}`);
      let backslashes = 0;
      while (this.text.charAt(end - 1 - backslashes) === '\\') backslashes += 1;
      if (backslashes % 2 === 0) break;
      end += 1;
    }
    const literal = this.text.slice(this.index, end + 1);
    this.index = end + 1;
    try {
      return JSON.parse(literal) as string;
    } catch {
      return new Error(`invalid string at offset ${this.index - literal.length}`);
    }
  }

  object(depth: number): JsonObject | Error {
    const object = Object.create(null) as JsonObject;
    this.index += 1;
    this.skipSpace();
    if (this.text.charAt(this.index) === '}') {
      this.index += 1;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charAt(this.index) !== '"') return this.expected('a key');
      const key = this.string();
      if (key instanceof Error) return key;
      this.skipSpace();
      if (this.text.charAt(this.index) !== ':') return this.expected("':'");
      this.index += 1;
      const value = this.value(depth + 1);
      if (value instanceof Error) return value;
      this.put(object, key, value);
      const next = this.separator('}');
      if (next === 'done') return object;
      if (next instanceof Error) return next;
    }
  }

  array(depth: number): JsonValue[] | Error {
    const array: JsonValue[] = [];
    this.index += 1;
    this.skipSpace();
    if (this.text.charAt(this.index) === ']') {
      this.index += 1;
      return array;
    }
    for (;;) {
      const value = this.value(depth + 1);
      if (value instanceof Error) return value;
      array.push(value);
      const next = this.separator(']');
      if (next === 'more') continue;
      return next instanceof Error ? next : array;
    }
  }

  expected(what: string): Error {
    return new Error(`expected ${what} at offset ${this.index}`);
  }

  separator(close: string): 'more' | 'done' | Error {
    this.skipSpace();
    const char = this.text.charAt(this.index);
    this.index += 1;
    if (char === ',') return 'more';
    if (char === close) return 'done';
    return new Error(`expected ',' or '${close}' at offset ${this.index - 1}`);
  }

  put(object: JsonObject, key: string, value: JsonValue): void {
    if (key in object) {
      let keys = this.repeated.get(object);
      if (keys === undefined) this.repeated.set(object, (keys = new Map()));
      const values = keys.get(key);
      if (values === undefined) keys.set(key, [object[key] as JsonValue, value]);
      else values.push(value);
    }
    object[key] = value;
  }
}

const LITERALS: readonly (readonly [string, JsonValue])[] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

export function scanJson(text: string): FsResult<ScannedJson> {
  const scanner = new Scanner(text);
  const value = scanner.value(0);
  if (value instanceof Error) return fsFail('invalid_json', value.message);
  scanner.skipSpace();
  if (scanner.index !== text.length) {
    return fsFail('invalid_json', `unexpected text after the document at offset ${scanner.index}`);
  }
  return fsOk({ value, repeated: scanner.repeated });
}

/** Every value of `key` in `object`, in document order (one when the key is not repeated). */
export function allValues(scanned: RepeatedKeys, object: JsonObject, key: string): JsonValue[] {
  const repeated = scanned.get(object)?.get(key);
  if (repeated !== undefined) return repeated;
  return Object.hasOwn(object, key) ? [object[key] as JsonValue] : [];
}
