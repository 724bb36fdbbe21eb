/**
 * The CDR pipeline under `npm start` and in the integration tests: the local queue with SQS
 * semantics (batches of 10, visibility timeout, redelivery, maxReceiveCount → dead-letter
 * queue) and a Lambda-style poller driving the same `rate-cdrs` handler the cloud runs.
 */
import type { CdrQueue } from '../core/cdr/queue';
import type { RaterDeps } from '../functions/rate-cdrs/deps';
import { createRateCdrsHandler, type CdrBatchHandler } from '../functions/rate-cdrs/handler';
import { LocalQueue } from './queue/local-queue';
import { pollOnce, startPoller, type PollerOptions } from './queue/poller';

/** The cloud's settings (lib/cdr-pipeline.ts), the visibility shortened for a laptop. */
export const LOCAL_CDR_QUEUE = {
  visibilityTimeoutMs: 30_000,
  maxReceiveCount: 5,
  batchSize: 10,
  idleMs: 200,
} as const;

export interface LocalCdrPipeline {
  readonly queue: LocalQueue;
  readonly deadLetters: LocalQueue;
  /** The port the API sends to: each message is in the queue once `send` resolves. */
  readonly cdrQueue: CdrQueue;
  readonly poller: PollerOptions;
  /** One receive → rate → delete round (tests drive the queue step by step). */
  pollOnce(): Promise<number>;
  start(): { stop(): Promise<void> };
}

export interface LocalCdrPipelineOptions {
  readonly clock?: () => number;
  readonly handler?: CdrBatchHandler;
  readonly visibilityTimeoutMs?: number;
  readonly log?: (event: string, fields: Record<string, unknown>) => void;
}

export function createLocalCdrPipeline(
  deps: RaterDeps,
  options: LocalCdrPipelineOptions = {},
): LocalCdrPipeline {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => {});
  const deadLetters = new LocalQueue({ name: 'cdrs-dlq', visibilityTimeoutMs: 30_000, clock });
  const queue = new LocalQueue({
    name: 'cdrs',
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? LOCAL_CDR_QUEUE.visibilityTimeoutMs,
    maxReceiveCount: LOCAL_CDR_QUEUE.maxReceiveCount,
    deadLetter: deadLetters,
    clock,
  });
  const poller: PollerOptions = {
    queue,
    handler: options.handler ?? createRateCdrsHandler(deps, log),
    batchSize: LOCAL_CDR_QUEUE.batchSize,
    idleMs: LOCAL_CDR_QUEUE.idleMs,
    queueArn: 'arn:local:sqs:cdrs',
    log,
  };
  return {
    queue,
    deadLetters,
    cdrQueue: {
      send: async (bodies) => {
        for (const body of bodies) queue.send(body);
      },
      peekDeadLetters: async (limit) => deadLetters.peekAll().slice(0, limit),
      redriveDeadLetters: async () => ({ kind: 'moved', moved: deadLetters.moveAllTo(queue) }),
    },
    poller,
    pollOnce: () => pollOnce(poller),
    start: () => startPoller(poller),
  };
}
