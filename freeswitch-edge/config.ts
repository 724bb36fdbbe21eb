/**
 * The edge agent's configuration file (JSON), validated strictly: an unknown key is an error,
 * so a typo never silently falls back to a default. Every limit has a named default with its
 * reason in `defaults.ts`.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MAX_LEASE_TTL_SECONDS } from '../core/leases';
import { EDGE_DEFAULTS } from './defaults';

const positiveInt = z.number().int().positive();

const limitsSchema = z
  .object({
    spoolCapBytes: positiveInt.default(EDGE_DEFAULTS.spoolCapBytes),
    spoolWarnBytes: positiveInt.default(EDGE_DEFAULTS.spoolWarnBytes),
    spoolSegmentBytes: positiveInt.default(EDGE_DEFAULTS.spoolSegmentBytes),
    sendBatchRecords: positiveInt.max(10_000).default(EDGE_DEFAULTS.sendBatchRecords),
    sendBatchBytes: positiveInt.default(EDGE_DEFAULTS.sendBatchBytes),
    sendBatchAgeMs: z.number().int().min(0).default(EDGE_DEFAULTS.sendBatchAgeMs),
    sendTimeoutMs: positiveInt.default(EDGE_DEFAULTS.sendTimeoutMs),
    maxRequestBytes: positiveInt.default(EDGE_DEFAULTS.maxRequestBytes),
    snapshotPollMs: positiveInt.default(EDGE_DEFAULTS.snapshotPollMs),
    snapshotTimeoutMs: positiveInt.default(EDGE_DEFAULTS.snapshotTimeoutMs),
    leaseTtlSeconds: positiveInt.max(MAX_LEASE_TTL_SECONDS).default(EDGE_DEFAULTS.leaseTtlSeconds),
    leaseSkewMarginMs: z.number().int().min(0).default(EDGE_DEFAULTS.leaseSkewMarginMs),
    leaseRenewAheadMs: z.number().int().min(0).default(EDGE_DEFAULTS.leaseRenewAheadMs),
    leaseIdleCloseMs: positiveInt.default(EDGE_DEFAULTS.leaseIdleCloseMs),
    leaseWaitMs: z.number().int().min(0).default(EDGE_DEFAULTS.leaseWaitMs),
    leaseRetryAfterMs: z.number().int().min(0).default(EDGE_DEFAULTS.leaseRetryAfterMs),
    leaseTimeoutMs: positiveInt.default(EDGE_DEFAULTS.leaseTimeoutMs),
    leaseUpkeepMs: positiveInt.default(EDGE_DEFAULTS.leaseUpkeepMs),
    errLogRescanMs: positiveInt.default(EDGE_DEFAULTS.errLogRescanMs),
  })
  .strict();

export const edgeConfigSchema = z
  .object({
    listen: z
      .string()
      .regex(/^[0-9a-zA-Z.\-:[\]]+:[0-9]{1,5}$/, 'host:port, e.g. 127.0.0.1:7480')
      .default(EDGE_DEFAULTS.listen),
    cloudUrl: z.url({ protocol: /^https?$/ }),
    apiKey: z.string().min(16, 'the edge API key printed by the cloud (tg_…)'),
    dataDir: z.string().min(1),
    edgeId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
    freeswitch: z
      .object({
        switchName: z.string().min(1),
        domain: z.string().min(1),
        errLogDir: z.string().min(1).optional(),
      })
      .strict(),
    limits: limitsSchema.default(limitsSchema.parse({})),
  })
  .strict();

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;
export type EdgeLimits = EdgeConfig['limits'];

export type ConfigResult = { ok: true; config: EdgeConfig } | { ok: false; message: string };

export function parseEdgeConfig(value: unknown): ConfigResult {
  const parsed = edgeConfigSchema.safeParse(value);
  if (parsed.success) return checkLimits(parsed.data);
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, message: issues.join('; ') };
}

export async function loadEdgeConfig(path: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  try {
    return parseEdgeConfig(JSON.parse(text));
  } catch (error) {
    return { ok: false, message: `${path} is not JSON: ${(error as Error).message}` };
  }
}

function checkLimits(config: EdgeConfig): ConfigResult {
  if (config.limits.spoolWarnBytes >= config.limits.spoolCapBytes) {
    return { ok: false, message: 'limits.spoolWarnBytes: must be below limits.spoolCapBytes' };
  }
  if (config.limits.leaseSkewMarginMs >= config.limits.leaseTtlSeconds * 1000) {
    return { ok: false, message: 'limits.leaseSkewMarginMs: must be below limits.leaseTtlSeconds' };
  }
  return { ok: true, config };
}

export function listenAddress(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  return { host: listen.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(listen.slice(at + 1)) };
}
