// Proves `npm start` end to end: it starts DynamoDB Local and the API, prints the URLs and demo logins, serves /openapi.json and the README's curl flow, and stops cleanly on Ctrl-C (SIGINT).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../local/free-port';

describe('npm start', () => {
  it('serves the API on DynamoDB Local and stops on SIGINT', async () => {
    const port = await freePort();
    const edgePort = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      env: { ...process.env, TOLLGATE_PORT: String(port), TOLLGATE_EDGE_PORT: String(edgePort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      await waitFor(
        () => output.includes('Ctrl-C stops everything'),
        60_000,
        () => output,
      );
      const startup = /ready in ([\d.]+) s/.exec(output)?.[1];
      console.log(`npm start: ready in ${startup} s`);
      expect(output).toContain(`http://127.0.0.1:${port}/openapi.json`);
      expect(output).toMatch(/admin\s+admin-demo\s+admin/);

      const base = `http://127.0.0.1:${port}`;
      const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string };
      expect(doc.openapi).toBe('3.1.0');
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: 'admin-demo' }),
      });
      const { token } = (await login.json()) as { token: string };
      const balance = await (
        await fetch(`${base}/accounts/c1/balance`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
      expect(balance).toMatchObject({ accountId: 'c1', balance: '25.000000' });

      // The edge agent runs beside it and syncs its snapshot from the local API.
      expect(output).toContain(`Edge agent     http://127.0.0.1:${edgePort}`);
      const edgeHealth = async () =>
        (await (await fetch(`http://127.0.0.1:${edgePort}/health`)).json()) as {
          snapshotVersion: string | null;
          spoolDepth: number;
        };
      let health = await edgeHealth();
      for (let tries = 0; health.snapshotVersion === null && tries < 100; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        health = await edgeHealth();
      }
      expect(health.snapshotVersion).toMatch(/^[0-9a-f]{16,}$/);
      expect(health.spoolDepth).toBe(0);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('stopped.');
  }, 90_000);
});

async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
