/**
 * Starts the edge agent: opens (and recovers) the CDR spool, picks up FreeSWITCH's err-log-dir,
 * starts the sender toward the cloud and the HTTP server FreeSWITCH talks to. Until a snapshot
 * has been synced (or loaded from disk) every call is refused with `no_snapshot` (fail closed).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { cdrShipper } from './cloud/ship-cdrs';
import { listenAddress, type EdgeConfig } from './config';
import { createEdgeServer, type EdgeHealth } from './http/server';
import { snapshotAnswerer } from './http/snapshot-answerer';
import { UNSYNCED_ANSWERER, type XmlCurlAnswerer } from './http/xml-curl';
import { SnapshotSync } from './snapshot/sync';
import type { EdgeCounters } from '../core/authorization/authorize';
import { ChannelCounts } from '../core/authorization/channels';
import { CpsWindow } from '../core/authorization/cps';
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
  const sync = new SnapshotSync({ cloudUrl: config.cloudUrl, apiKey: config.apiKey, dataDir: config.dataDir, timeoutMs: limits.snapshotTimeoutMs, clock, log });
  await sync.loadFromDisk();
  const syncing = pollSnapshots(sync, limits.snapshotPollMs, stop.signal);
  const counters = { cps: new CpsWindow(), channels: new ChannelCounts() };
  const answerer = answererOf(sync, config.edgeId ?? config.freeswitch.switchName, counters, clock, log);
  const onCallsEnded = (uuids: readonly string[]) => uuids.forEach((uuid) => counters.channels.release(uuid));
  const health = (): EdgeHealth => healthOf(spool, sender, sync, clock());
  const server = createEdgeServer({ spool, answerer, health, clock, maxRequestBytes: limits.maxRequestBytes, onCallsEnded, log });
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
      await syncing;
      await spool.close();
    },
  };
}

/** Pulls at once, then every `pollMs`, until stopped. A failed pull keeps the current snapshot. */
async function pollSnapshots(sync: SnapshotSync, pollMs: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await sync.pull();
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
}

/** One answerer per snapshot version, rebuilt only when the version changes. */
function answererOf(sync: SnapshotSync, edgeId: string, counters: EdgeCounters, clock: () => number, log: EdgeLog): () => XmlCurlAnswerer {
  let built: { version: string; answerer: XmlCurlAnswerer } | null = null;
  return () => {
    const active = sync.current();
    if (active === null) return UNSYNCED_ANSWERER;
    if (built?.version !== active.version) {
      built = { version: active.version, answerer: snapshotAnswerer({ index: active.index, edgeId, counters, clock, log }) };
    }
    return built.answerer;
  };
}

function healthOf(spool: CdrSpool, sender: SpoolSender, sync: SnapshotSync, now: number): EdgeHealth {
  const stats = spool.stats();
  const status = sender.status();
  const snapshot = sync.current();
  return {
    snapshotVersion: snapshot?.version ?? null,
    snapshotAgeMs: snapshot === null ? null : now - snapshot.syncedAtEpochMs,
    cloudReachable: sync.cloudReachable() && status.consecutiveFailures === 0,
    spoolDepth: stats.depthRecords,
    spoolHealth: stats.health,
    spoolUnsentBytes: stats.unsentBytes,
    oldestUnsentAgeMs: stats.oldestUnsentAtEpochMs === null ? null : now - stats.oldestUnsentAtEpochMs,
    lastSuccessfulSendAtEpochMs: status.lastSuccessAtEpochMs,
  };
}
