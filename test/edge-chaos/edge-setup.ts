/**
 * The pieces both edge chaos tests set up the same way: an edge config file on a fixed port
 * (FreeSWITCH's configured URL must survive restarts), and waiting with a guard.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EdgeDirs {
  readonly root: string;
  readonly dataDir: string;
  readonly errLogDir: string;
  readonly configPath: string;
}

export function writeEdgeConfig(root: string, cloudUrl: string, apiKey: string, port: number): EdgeDirs {
  const dirs = {
    root,
    dataDir: join(root, 'data'),
    errLogDir: join(root, 'err-log-dir'),
    configPath: join(root, 'edge.json'),
  };
  mkdirSync(dirs.dataDir, { recursive: true });
  mkdirSync(dirs.errLogDir, { recursive: true });
  const config = {
    listen: `127.0.0.1:${port}`,
    cloudUrl,
    apiKey,
    dataDir: dirs.dataDir,
    edgeId: 'chaos',
    freeswitch: { switchName: 'chaos', domain: 'chaos.example.net', errLogDir: dirs.errLogDir },
    // Small batches sent early: more sends, so more of them are cut by kills and faults.
    limits: { sendBatchRecords: 50, sendBatchAgeMs: 100 },
  };
  writeFileSync(dirs.configPath, JSON.stringify(config, null, 2));
  return dirs;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it holds; throws naming `what` after `guardMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, guardMs: number, everyMs = 50): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > guardMs) throw new Error(`timed out after ${guardMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
  return Date.now() - started;
}
