// Proves the api function's bundle (esbuild, CommonJS, node22, as lib/api.ts builds it) loads and answers /health and /openapi.json the way Lambda would call it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const outdir = mkdtempSync(join(tmpdir(), 'tollgate-bundle-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function event(path: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      requestId: 'bundle-test',
      http: { method: 'GET', path, sourceIp: '10.0.0.1' },
    },
  };
}

describe('api bundle', () => {
  it('loads as Lambda loads it and answers', async () => {
    await build({
      entryPoints: ['functions/api/handler.ts'],
      outfile: join(outdir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      logLevel: 'silent',
    });
    process.env.TOLLGATE_LEDGER_TABLE = 'ledger';
    process.env.TOLLGATE_DIRECTORY_TABLE = 'directory';
    process.env.TOLLGATE_CONFIG_TABLE = 'config';
    const { handler } = createRequire(import.meta.url)(join(outdir, 'index.js')) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const health = await handler(event('/health'), {});
    const openapi = await handler(event('/openapi.json'), {});
    expect([health.statusCode, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
    expect(JSON.parse(openapi.body).openapi).toBe('3.1.0');
  }, 60_000);

  it('bundles the import-deck function, which reports a failed message as a batch item failure', async () => {
    await build({
      entryPoints: ['functions/import-deck/handler.ts'],
      outfile: join(outdir, 'import-deck.js'),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      logLevel: 'silent',
    });
    process.env.TOLLGATE_CONFIG_TABLE = 'config';
    process.env.TOLLGATE_OBJECTS_BUCKET = 'objects';
    const { handler } = createRequire(import.meta.url)(join(outdir, 'import-deck.js')) as {
      handler: (event: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
    };
    const silence = console.error;
    console.error = () => undefined;
    try {
      const result = await handler({ Records: [{ messageId: 'm1', body: 'not json' }] });
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    } finally {
      console.error = silence;
    }
  }, 60_000);
});
