/**
 * The CDR spool: an append-only log of segment files with a checksum per record.
 *
 * `append` resolves only after the record is on disk (fdatasync), so the edge answers
 * FreeSWITCH's POST with 200 only for CDRs that survive kill -9 or a power cut. Concurrent
 * appends share one fsync (group commit). The sender reads the oldest unsent records and
 * `acknowledge`s them once the cloud accepted them; finished segments are then deleted.
 */
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { readCursor, writeCursor, type SpoolPosition } from './cursor';
import { UnsentRecords, type IndexedRecord } from './index-queue';
import { SpoolFillWatch, type SpoolLog } from './fill-watch';
import { DEFAULT_SPOOL_LIMITS, spoolHealth, type SpoolHealth, type SpoolLimits } from './limits';
import { decodeRecords, encodeRecord, RECORD_HEADER_BYTES } from './record-codec';
import { recoverSegments, type RecoveryReport } from './recover';
import { fsyncDirectory, listSegments, readAt, segmentFileName } from './segments';

export type AppendResult =
  | { readonly ok: true; readonly position: SpoolPosition }
  | { readonly ok: false; readonly code: 'spool_full' | 'spool_failed'; readonly message: string };

export interface SpooledRecord {
  readonly payload: Buffer;
  readonly appendedAtEpochMs: number;
  /** Acknowledge up to here once this record (and those before it) reached the cloud. */
  readonly end: SpoolPosition;
}

export interface SpoolStats {
  readonly depthRecords: number;
  readonly unsentBytes: number;
  readonly oldestUnsentAtEpochMs: number | null;
  readonly health: SpoolHealth;
  readonly capBytes: number;
}

interface PendingAppend {
  readonly record: Buffer;
  readonly appendedAtEpochMs: number;
  readonly settle: (result: AppendResult) => void;
}

export interface SpoolOptions {
  readonly limits?: SpoolLimits;
  readonly clock: () => number;
  /** Where the fill warnings go (`spool_warning`, `spool_full`, …); silent when absent. */
  readonly log?: SpoolLog;
}

export class CdrSpool {
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  /** Set when an append was refused for space; cleared when the sender frees some. */
  private refusedForSpace = false;
  private readonly fill: SpoolFillWatch;

  private constructor(
    private readonly directory: string,
    private readonly limits: SpoolLimits,
    private readonly clock: () => number,
    private readonly unsent: UnsentRecords,
    private active: { segment: number; handle: FileHandle; durableEnd: number },
    log: SpoolLog,
  ) {
    this.fill = new SpoolFillWatch(limits, log);
    this.fill.observe(unsent.unsentBytes);
  }

  static async open(directory: string, options: SpoolOptions): Promise<{ spool: CdrSpool; recovery: RecoveryReport }> {
    await mkdir(directory, { recursive: true });
    const segments = await listSegments(directory);
    const cursor = (await readCursor(directory)) ?? { segment: segments[0] ?? 1, offset: 0 };
    const unsent = new UnsentRecords();
    const recovered = await recoverSegments(directory, segments, cursor, unsent);
    const newest = segments[segments.length - 1];
    const segment = newest ?? cursor.segment;
    const handle = await open(join(directory, segmentFileName(segment)), 'a');
    if (newest === undefined) await fsyncDirectory(directory);
    const durableEnd = (await handle.stat()).size;
    const limits = options.limits ?? DEFAULT_SPOOL_LIMITS;
    const active = { segment, handle, durableEnd };
    const spool = new CdrSpool(directory, limits, options.clock, unsent, active, options.log ?? (() => undefined));
    return { spool, recovery: recovered };
  }

  /** Resolves once the record is durable, or says why it was refused. Never throws. */
  append(payload: Buffer): Promise<AppendResult> {
    if (this.failure !== null) {
      return Promise.resolve({ ok: false, code: 'spool_failed', message: this.failure.message });
    }
    if (this.unsent.unsentBytes + RECORD_HEADER_BYTES + payload.length > this.limits.capBytes) {
      this.refusedForSpace = true;
      this.fill.refused(this.unsent.unsentBytes, payload.length);
      return Promise.resolve({ ok: false, code: 'spool_full', message: `spool holds ${this.unsent.unsentBytes} unsent bytes (cap ${this.limits.capBytes})` });
    }
    const appendedAtEpochMs = this.clock();
    const record = encodeRecord(payload, appendedAtEpochMs);
    return new Promise((settle) => {
      this.pending.push({ record, appendedAtEpochMs, settle });
      this.startFlushing();
    });
  }

  /** The oldest unsent records, verified against their checksums. */
  async oldestUnsent(maxRecords: number, maxBytes: number): Promise<SpooledRecord[]> {
    const wanted = this.unsent.peek(maxRecords, maxBytes);
    const out: SpooledRecord[] = [];
    for (const group of groupBySegment(wanted)) out.push(...(await this.readGroup(group)));
    return out;
  }

  /** Everything up to `position` reached the cloud: persist that, forget it, delete old segments. */
  async acknowledge(position: SpoolPosition): Promise<void> {
    await writeCursor(this.directory, position);
    this.unsent.dropThrough(position);
    this.refusedForSpace = false;
    this.fill.freed(this.unsent.unsentBytes);
    this.fill.observe(this.unsent.unsentBytes);
    for (const segment of await listSegments(this.directory)) {
      if (segment >= position.segment || segment >= this.active.segment) break;
      await rm(join(this.directory, segmentFileName(segment)), { force: true });
    }
  }

  stats(): SpoolStats {
    return {
      depthRecords: this.unsent.count,
      unsentBytes: this.unsent.unsentBytes,
      oldestUnsentAtEpochMs: this.unsent.oldest()?.appendedAtEpochMs ?? null,
      health:
        this.failure !== null || this.refusedForSpace
          ? 'full'
          : spoolHealth(this.limits, this.unsent.unsentBytes),
      capBytes: this.limits.capBytes,
    };
  }

  async close(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
    await this.active.handle.close();
  }

  /**
   * One flush loop at a time. An append that lands after the loop saw an empty queue but before
   * it finished is picked up by the restart in `finally`, so no append ever waits forever.
   */
  private startFlushing(): void {
    if (this.flushing !== null) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.startFlushing();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const group = this.pending;
      this.pending = [];
      try {
        await this.rotateIfFull();
        const positions = await this.writeDurably(group);
        group.forEach((append, index) => append.settle({ ok: true, position: positions[index] as SpoolPosition }));
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
        for (const append of [...group, ...this.pending.splice(0)]) {
          append.settle({ ok: false, code: 'spool_failed', message: this.failure.message });
        }
      }
    }
  }

  private async writeDurably(group: readonly PendingAppend[]): Promise<SpoolPosition[]> {
    const { segment, handle } = this.active;
    const start = this.active.durableEnd;
    try {
      await handle.writev(group.map((append) => append.record));
      await handle.datasync();
    } catch (error) {
      // Cut whatever half-write happened, so later records never follow garbage.
      await handle.truncate(start).catch(() => undefined);
      throw error;
    }
    const positions: SpoolPosition[] = [];
    let offset = start;
    for (const append of group) {
      const end = offset + append.record.length;
      this.unsent.push({ segment, offset, end, appendedAtEpochMs: append.appendedAtEpochMs });
      positions.push({ segment, offset: end });
      offset = end;
    }
    this.active.durableEnd = offset;
    this.fill.observe(this.unsent.unsentBytes);
    return positions;
  }

  private async rotateIfFull(): Promise<void> {
    if (this.active.durableEnd < this.limits.segmentBytes) return;
    const segment = this.active.segment + 1;
    const handle = await open(join(this.directory, segmentFileName(segment)), 'a');
    await fsyncDirectory(this.directory);
    await this.active.handle.close();
    this.active = { segment, handle, durableEnd: 0 };
  }

  private async readGroup(group: readonly IndexedRecord[]): Promise<SpooledRecord[]> {
    const first = group[0];
    const last = group[group.length - 1];
    if (first === undefined || last === undefined) return [];
    const handle = await open(join(this.directory, segmentFileName(first.segment)), 'r');
    try {
      const buffer = await readAt(handle, first.offset, last.end - first.offset);
      const { records, stop } = decodeRecords(buffer, first.offset, true);
      if (stop.kind === 'torn' || records.length !== group.length) {
        throw new Error(`spool: segment ${first.segment} changed under us at ${first.offset}`);
      }
      return records.map((record) => ({
        payload: Buffer.from(record.payload),
        appendedAtEpochMs: record.appendedAtEpochMs,
        end: { segment: first.segment, offset: record.end },
      }));
    } finally {
      await handle.close();
    }
  }
}

function groupBySegment(records: readonly IndexedRecord[]): IndexedRecord[][] {
  const groups: IndexedRecord[][] = [];
  for (const record of records) {
    const current = groups[groups.length - 1];
    if (current !== undefined && current[0]?.segment === record.segment) current.push(record);
    else groups.push([record]);
  }
  return groups;
}

