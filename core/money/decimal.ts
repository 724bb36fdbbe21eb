/**
 * Fixed-point decimal text <-> scaled integers. Money uses scale 6 (micros); a rate group's
 * markup percentage uses scale 4. One grammar for every decimal a person types:
 * `^-?[0-9]+(\.[0-9]{1,scale})?$` after trimming spaces — no exponents, no `.5` or `5.`,
 * no `+`, no thousands separators, no decimal commas. A non-zero digit past the scale is
 * `too_precise`: never rounded. Zeros past it carry no precision and are read (a database export
 * of a DECIMAL(20,10) column writes `0.0120000000`).
 */
import { clip } from '../text/clip';

export type DecimalErrorCode = 'invalid_money' | 'too_precise' | 'negative_money' | 'out_of_range';

export type DecimalParse =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly code: DecimalErrorCode; readonly message: string };

export interface DecimalRules {
  /** Digits after the point that the scaled integer keeps (6 for micros). */
  readonly scale: number;
  readonly allowNegative: boolean;
  /** Largest accepted magnitude as a scaled integer; defaults to Number.MAX_SAFE_INTEGER. */
  readonly maxScaled?: number;
}

const SHAPE = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

export function parseDecimal(text: string, rules: DecimalRules): DecimalParse {
  const trimmed = text.trim();
  const match = SHAPE.exec(trimmed);
  if (match === null) {
    return fail('invalid_money', `"${clip(trimmed)}" is not a decimal number like 12.345`);
  }
  const [, sign = '', whole = '', written = ''] = match;
  const fraction = written.length > rules.scale ? written.replace(/0+$/, '') : written;
  if (fraction.length > rules.scale) {
    return fail('too_precise', `"${clip(trimmed)}" has more than ${rules.scale} decimals`);
  }
  const digits = (whole + fraction.padEnd(rules.scale, '0')).replace(/^0+(?=[0-9])/, '');
  const max = rules.maxScaled ?? Number.MAX_SAFE_INTEGER;
  if (digits.length > 16 || Number(digits) > max) {
    return fail('out_of_range', `"${clip(trimmed)}" is larger than the largest accepted value`);
  }
  const magnitude = Number(digits);
  if (sign === '-' && magnitude !== 0 && !rules.allowNegative) {
    return fail('negative_money', `"${clip(trimmed)}" is negative; only zero or more is allowed`);
  }
  return { ok: true, value: sign === '-' && magnitude !== 0 ? -magnitude : magnitude };
}

/** Formats a scaled integer with exactly `scale` decimals (`-0.000001`, `12.500000`). */
export function formatDecimal(scaled: number, scale: number): string {
  if (!Number.isSafeInteger(scaled)) throw new RangeError(`formatDecimal: ${scaled} is not a safe integer`);
  const negative = scaled < 0;
  const digits = String(Math.abs(scaled)).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  const body = scale === 0 ? whole : `${whole}.${fraction}`;
  return negative ? `-${body}` : body;
}

function fail(code: DecimalErrorCode, message: string): DecimalParse {
  return { ok: false, code, message };
}

