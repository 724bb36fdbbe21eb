/**
 * Starts the edge agent: opens (and recovers) the CDR spool, picks up FreeSWITCH's err-log-dir,
 * starts the sender toward the cloud and the HTTP server FreeSWITCH talks to. Until a snapshot
 * has been synced every call is refused with `no_snapshot` (fail closed).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { cdrShipper } from './cloud/ship-cdrs';
import { listenAddress, type EdgeConfig } from './config';
import { createEdgeServer, type EdgeHealth } from './http/server';
import { UNSYNCED_ANSWERER } from './http/xml-curl';
import { drainErrLogDir } from './spool/err-log-dir';
import { SpoolSender, DEFAULT_SENDER_LIMITS } from './spool/sender';
import { CdrSpool } from './spool/spool';

export type EdgeLog = (event: string, fields: Record<string, unknown>) => void;

export interface RunningEdge {
  readonly url: string;
  health(): EdgeHealth;
  close(): Promise<void>;
}

export async function startEdge(config: EdgeConfig, log: EdgeLog): Promise<RunningEdge> {
  const clock = () => Date.now();
  const { limits } = config;
  const { spool, recovery } = await CdrSpool.open(join(config.dataDir, 'spool'), {
    clock,
    limits: { segmentBytes: limits.spoolSegmentBytes, capBytes: limits.spoolCapBytes, warnBytes: limits.spoolWarnBytes },
  });
  log('spool_recovered', { ...recovery });
  if (config.freeswitch.errLogDir !== undefined) {
    log('err_log_dir_drained', { ...(await drainErrLogDir(config.freeswitch.errLogDir, spool, clock)) });
  }
  const sender = new SpoolSender(
    spool,
    {
      ship: cdrShipper({ cloudUrl: config.cloudUrl, apiKey: config.apiKey, timeoutMs: limits.sendTimeoutMs }),
      clock,
      random: Math.random,
      sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
      log,
    },
    { ...DEFAULT_SENDER_LIMITS, maxBatchRecords: limits.sendBatchRecords, maxBatchBytes: limits.sendBatchBytes, maxBatchAgeMs: limits.sendBatchAgeMs },
  );
  const stop = new AbortController();
  const sending = sender.run(stop.signal);
  const health = (): EdgeHealth => healthOf(spool, sender, clock());
  const server = createEdgeServer({ spool, answerer: () => UNSYNCED_ANSWERER, health, clock, maxRequestBytes: limits.maxRequestBytes, log });
  const { host, port } = listenAddress(config.listen);
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    health,
    async close() {
      stop.abort();
      await new Promise((resolve) => server.close(resolve));
      await sending;
      await spool.close();
    },
  };
}

function healthOf(spool: CdrSpool, sender: SpoolSender, now: number): EdgeHealth {
  const stats = spool.stats();
  const status = sender.status();
  return {
    snapshotVersion: null,
    snapshotAgeMs: null,
    cloudReachable: status.consecutiveFailures === 0,
    spoolDepth: stats.depthRecords,
    spoolHealth: stats.health,
    spoolUnsentBytes: stats.unsentBytes,
    oldestUnsentAgeMs: stats.oldestUnsentAtEpochMs === null ? null : now - stats.oldestUnsentAtEpochMs,
    lastSuccessfulSendAtEpochMs: status.lastSuccessAtEpochMs,
  };
}
