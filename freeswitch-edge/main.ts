/**
 * Starts the edge agent: opens (and recovers) the CDR spool, picks up FreeSWITCH's err-log-dir,
 * loads its credit leases (abandoning them after an unclean stop), starts the sender toward the
 * cloud, the lease upkeep and the HTTP server FreeSWITCH talks to. Until a snapshot has been
 * synced (or loaded from disk) every call is refused with `no_snapshot` (fail closed); calls are
 * authorized only from the account's lease on this edge (`insufficient_funds` without one).
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { leasesClient } from './cloud/leases-client';
import { cdrShipper } from './cloud/ship-cdrs';
import { listenAddress, type EdgeConfig } from './config';
import { AnswerTimes } from './http/answer-times';
import { createEdgeServer, type EdgeHealth } from './http/server';
import { snapshotAnswerer } from './http/snapshot-answerer';
import { UNSYNCED_ANSWERER, type XmlCurlAnswerer } from './http/xml-curl';
import { SnapshotSync } from './snapshot/sync';
import type { EdgeCounters } from '../core/authorization/authorize';
import { ChannelCounts } from '../core/authorization/channels';
import { CpsWindow } from '../core/authorization/cps';
import { leaseFileStore } from './leases/lease-file';
import { LeaseManager } from './leases/manager';
import { leaseUpkeep } from './leases/upkeep';
import { drainErrLogDir } from './spool/err-log-dir';
import type { EndedCall } from './spool/receive-cdr';
import { SpoolSender, DEFAULT_SENDER_LIMITS } from './spool/sender';
import { CdrSpool } from './spool/spool';

export type EdgeLog = (event: string, fields: Record<string, unknown>) => void;

export interface RunningEdge {
  readonly url: string;
  health(): EdgeHealth;
  close(): Promise<void>;
}

export interface EdgeOptions {
  /** The edge's clock (default `Date.now`); tests move it forward past lease expiries. */
  readonly clock?: () => number;
}

export async function startEdge(config: EdgeConfig, log: EdgeLog, options: EdgeOptions = {}): Promise<RunningEdge> {
  const clock = options.clock ?? (() => Date.now());
  const { limits } = config;
  const { spool, recovery } = await CdrSpool.open(join(config.dataDir, 'spool'), {
    clock,
    log,
    limits: { segmentBytes: limits.spoolSegmentBytes, capBytes: limits.spoolCapBytes, warnBytes: limits.spoolWarnBytes },
  });
  log('spool_recovered', { ...recovery });
  if (config.freeswitch.errLogDir !== undefined) {
    log('err_log_dir_drained', { ...(await drainErrLogDir(config.freeswitch.errLogDir, spool, clock)) });
  }
  const sync = new SnapshotSync({ cloudUrl: config.cloudUrl, apiKey: config.apiKey, dataDir: config.dataDir, timeoutMs: limits.snapshotTimeoutMs, clock, log });
  const leases = leaseManagerOf(config, sync, clock, log);
  // Records already in the spool may be CDRs of leases from before this start.
  await leases.start(spool.stats().depthRecords);
  const sender = new SpoolSender(
    spool,
    {
      ship: cdrShipper({ cloudUrl: config.cloudUrl, apiKey: config.apiKey, timeoutMs: limits.sendTimeoutMs }),
      clock,
      random: Math.random,
      sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
      log,
      acknowledged: (records, through) => leases.progress.acknowledged(records, through),
    },
    { ...DEFAULT_SENDER_LIMITS, maxBatchRecords: limits.sendBatchRecords, maxBatchBytes: limits.sendBatchBytes, maxBatchAgeMs: limits.sendBatchAgeMs },
  );
  const stop = new AbortController();
  const sending = sender.run(stop.signal);
  await sync.loadFromDisk();
  // Pulls at once, then every `snapshotPollMs`; a failed pull keeps the current snapshot.
  const syncing = every(limits.snapshotPollMs, stop.signal, () => sync.pull().then(() => undefined), log);
  const upkeep = every(limits.leaseUpkeepMs, stop.signal, () => leaseUpkeep(leases), log);
  const rescanning = rescanErrLogDir(config, spool, clock, stop.signal, log);
  const counters = { cps: new CpsWindow(), channels: new ChannelCounts(), funds: leases };
  const answerer = answererOf(sync, config.edgeId ?? config.freeswitch.switchName, counters, leases, clock, log);
  const onCallsEnded = (calls: readonly EndedCall[]) => {
    for (const call of calls) counters.channels.release(call.uuid);
    leases.callsEnded(calls);
  };
  const answerTimes = new AnswerTimes();
  const health = (): EdgeHealth => ({
    ...healthOf(spool, sender, sync, clock()),
    leases: leases.health(),
    answerTimes: answerTimes.summary(),
  });
  const maxRequestBytes = limits.maxRequestBytes;
  const server = createEdgeServer({ spool, answerer, health, clock, maxRequestBytes, answerTimes, onCallsEnded, log });
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
      await upkeep;
      await rescanning;
      // After the server stopped: no call can be authorized while the leases are written down.
      await leases.shutdown();
      await spool.close();
    },
  };
}

/** Files FreeSWITCH writes to its err-log-dir while the edge runs (the start drained the rest). */
async function rescanErrLogDir(
  config: EdgeConfig,
  spool: CdrSpool,
  clock: () => number,
  signal: AbortSignal,
  log: EdgeLog,
): Promise<void> {
  const directory = config.freeswitch.errLogDir;
  if (directory === undefined) return;
  const rescanMs = config.limits.errLogRescanMs;
  await sleep(rescanMs, undefined, { signal }).catch(() => undefined);
  await every(rescanMs, signal, async () => {
    const result = await drainErrLogDir(directory, spool, clock);
    if (result.spooled + result.rejected > 0) log('err_log_dir_drained', { ...result });
  }, log);
}

/** Runs `work` every `ms` until stopped; a failure is logged and the next round goes on. */
async function every(ms: number, signal: AbortSignal, work: () => Promise<void>, log: EdgeLog): Promise<void> {
  while (!signal.aborted) {
    await work().catch((error: unknown) => log('edge_task_failed', { error: String(error) }));
    await sleep(ms, undefined, { signal }).catch(() => undefined);
  }
}

function leaseManagerOf(config: EdgeConfig, sync: SnapshotSync, clock: () => number, log: EdgeLog): LeaseManager {
  const { limits } = config;
  return new LeaseManager({
    cloud: leasesClient({ cloudUrl: config.cloudUrl, apiKey: config.apiKey, timeoutMs: limits.leaseTimeoutMs }),
    store: leaseFileStore(config.dataDir, log),
    clock,
    newId: randomUUID,
    limits: {
      ttlSeconds: limits.leaseTtlSeconds,
      skewMarginMs: limits.leaseSkewMarginMs,
      renewAheadMs: limits.leaseRenewAheadMs,
      idleCloseMs: limits.leaseIdleCloseMs,
      retryAfterMs: limits.leaseRetryAfterMs,
      waitMs: limits.leaseWaitMs,
    },
    maxCallSecondsOf: (accountId) => sync.current()?.index.accounts.get(accountId)?.account.maxCallSeconds ?? null,
    log,
  });
}

/** One answerer per snapshot version, rebuilt only when the version changes. */
function answererOf(
  sync: SnapshotSync,
  edgeId: string,
  counters: EdgeCounters,
  leases: LeaseManager,
  clock: () => number,
  log: EdgeLog,
): () => XmlCurlAnswerer {
  let built: { version: string; answerer: XmlCurlAnswerer } | null = null;
  return () => {
    const active = sync.current();
    if (active === null) return UNSYNCED_ANSWERER;
    if (built?.version !== active.version) {
      const answerer = snapshotAnswerer({ index: active.index, edgeId, counters, leases, clock, log });
      built = { version: active.version, answerer };
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
