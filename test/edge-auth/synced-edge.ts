/**
 * An edge on the test API's demo data (switch fs1, domain 172.31.2.115, its own data directory),
 * started and holding its first snapshot: what the edge tests that drive it over HTTP begin with.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge, type EdgeLog, type RunningEdge } from '../../freeswitch-edge/main';
import type { TestApi } from '../support/api';

export interface SyncedEdgeOptions {
  /** Prefix of the temporary data directory. */
  readonly dataDirPrefix: string;
  readonly edgeId?: string;
  readonly limits: Readonly<Record<string, number>>;
  readonly log: EdgeLog;
}

export async function startSyncedEdge(api: TestApi, options: SyncedEdgeOptions): Promise<RunningEdge> {
  const parsed = parseEdgeConfig({
    listen: '127.0.0.1:0',
    cloudUrl: api.baseUrl,
    apiKey: api.seed.edgeApiKey,
    dataDir: mkdtempSync(join(tmpdir(), options.dataDirPrefix)),
    ...(options.edgeId !== undefined ? { edgeId: options.edgeId } : {}),
    freeswitch: { switchName: 'fs1', domain: '172.31.2.115' },
    limits: options.limits,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const edge = await startEdge(parsed.config, options.log);
  for (let i = 0; i < 400 && edge.health().snapshotVersion === null; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(edge.health().snapshotVersion).not.toBeNull();
  return edge;
}
