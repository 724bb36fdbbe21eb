// Proves the form decoder follows FreeSWITCH's encoding rules exactly, by decoding hand-made
// bodies that exercise each rule (raw prefix, %XX, `+`, repeats, UTF-8, malformed escapes).
import { describe, expect, it } from 'vitest';
import { decodeFormBody } from './form-body';
import { percentDecode } from './percent';

describe('decodeFormBody', () => {
  it('keeps the first five fields as sent and decodes the rest', () => {
    const body = 'hostname=a%20b&section=dialplan&tag_name=&key_name=&key_value=x%40y&Name=x%40y';
    expect(decodeFormBody(body)).toEqual([
      ['hostname', 'a%20b'],
      ['section', 'dialplan'],
      ['tag_name', ''],
      ['key_name', ''],
      ['key_value', 'x%40y'],
      ['Name', 'x@y'],
    ]);
  });

  it('never turns + into a space, and decodes %2B to +', () => {
    expect(decodeFormBody('a=1+2&b=%2B44%2020')).toEqual([
      ['a', '1+2'],
      ['b', '+44 20'],
    ]);
  });

  it('keeps repeated names in order and skips empty pieces', () => {
    expect(decodeFormBody('v=1&&v=2&w')).toEqual([
      ['v', '1'],
      ['v', '2'],
      ['w', ''],
    ]);
  });
});

describe('percentDecode', () => {
  it('decodes UTF-8 split over escapes, keeps malformed escapes literally', () => {
    expect(percentDecode('caf%C3%A9')).toBe('café');
    expect(percentDecode('100%')).toBe('100%');
    expect(percentDecode('%ZZ%4')).toBe('%ZZ%4');
    expect(percentDecode('%ff')).toBe('\uFFFD');
    expect(percentDecode('%0D%0A')).toBe('\r\n');
  });
});
