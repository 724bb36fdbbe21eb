/**
 * `npm run bench [-- --json] [-- NAME…]`: runs every `bench/*.bench.ts` suite (never part of
 * `npm test`). Prints a table, or one JSON object per line with `--json`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './harness';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const filters = args.filter((arg) => !arg.startsWith('--'));
const here = fileURLToPath(new URL('.', import.meta.url));

const files = readdirSync(here).filter((file) => file.endsWith('.bench.ts')).sort();
for (const file of files) {
  const module = (await import(pathToFileURL(`${here}/${file}`).href)) as { default: BenchSuite };
  const suite = module.default;
  if (filters.length > 0 && !filters.some((filter) => suite.name.startsWith(filter))) continue;
  if (!asJson) process.stderr.write(`running ${suite.name}…\n`);
  const rows = await suite.run();
  for (const row of rows) print(row);
}

function print(row: BenchRow): void {
  if (asJson) {
    process.stdout.write(`${JSON.stringify(row)}\n`);
  } else if ('opsPerSec' in row) {
    const cells = [row.name.padEnd(34), String(row.n).padStart(10), fmt(row.opsPerSec).padStart(14)];
    process.stdout.write(`${cells.join(' ')}  p50 ${fmtNs(row.p50Ns)}  p99 ${fmtNs(row.p99Ns)}\n`);
  } else {
    process.stdout.write(`${row.name.padEnd(34)} ${fmt(row.value).padStart(25)} ${row.unit}\n`);
  }
}

function fmt(value: number): string {
  return value.toLocaleString('en-US');
}

function fmtNs(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns} ns`;
}
