/**
 * The edge agent under `npm start`: the production edge (`freeswitch-edge/main.ts`) pointed at the
 * local API with the demo edge API key, its data (snapshots, decks, spool) in a temporary
 * directory. Until its first snapshot sync it refuses every call (`no_snapshot`).
 * Knob: TOLLGATE_EDGE_PORT (default 7480, FreeSWITCH's configured address in freeswitch-edge/conf).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEdgeConfig } from '../freeswitch-edge/config';
import { startEdge, type RunningEdge } from '../freeswitch-edge/main';

export interface LocalEdge {
  readonly edge: RunningEdge;
  stop(): Promise<void>;
}

export async function startLocalEdge(apiUrl: string, apiKey: string, host: string): Promise<LocalEdge> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-edge-'));
  const config = parseEdgeConfig({
    listen: `${host}:${process.env.TOLLGATE_EDGE_PORT ?? '7480'}`,
    cloudUrl: apiUrl,
    apiKey,
    dataDir,
    edgeId: 'edge1',
    freeswitch: { switchName: 'local', domain: host },
  });
  if (!config.ok) throw new Error(`edge config: ${config.message}`);
  // Edge log lines go to stderr as JSON, like `tollgate edge`; the banner stays readable.
  const log = (event: string, fields: Record<string, unknown>) => {
    if (event !== 'spool_send_failed') process.stderr.write(`${JSON.stringify({ event, ...fields })}\n`);
  };
  const edge = await startEdge(config.config, log).catch((error: NodeJS.ErrnoException) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error.code === 'EADDRINUSE' ? new Error(`${config.config.listen} is busy; set TOLLGATE_EDGE_PORT`) : error;
  });
  return {
    edge,
    async stop() {
      await edge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
