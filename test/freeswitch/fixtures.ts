/**
 * Reads the shared FreeSWITCH fixtures. CI checks the repository out with `shared/` beside
 * it, so the path is relative to the project root: `../shared/fixtures/freeswitch/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch');

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURE_DIR, name), 'utf8');
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name !== 'README.md')
    .sort();
}

/** The 2008 docs sample: decoded `Name :::: value` pairs; a value may span lines (the SDP). */
export function decodeDocsColonSample(text: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf(' :::: ');
    const bare = line.endsWith(' ::::') ? line.length - 5 : -1;
    if (at > 0) fields.push([line.slice(0, at), line.slice(at + 6)]);
    else if (bare > 0) fields.push([line.slice(0, bare), '']);
    else if (fields.length > 0) {
      const last = fields[fields.length - 1] as [string, string];
      last[1] += `\n${line}`;
    }
  }
  return fields;
}

/** The 2009 docs sample: PHP `print_r` lines `[name] => value`. */
export function decodePrintRSample(text: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const line of text.split('\n')) {
    const match = /^\[([^\]]+)\] => ?(.*)$/.exec(line);
    if (match !== null) fields.push([match[1] ?? '', match[2] ?? '']);
  }
  return fields;
}
