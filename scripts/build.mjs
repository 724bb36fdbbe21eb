// Bundles the entry points that run outside vitest/tsx (the CLI) with the local esbuild.
// Runs on `npm ci` (prepare) so `npx --no-install tollgate` works on a fresh clone.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
