/**
 * The in-memory index of unsent records: where each one ends and when it was appended. It is
 * rebuilt from the segments at start-up, so it is never persisted itself.
 */
import type { SpoolPosition } from './cursor';

export interface IndexedRecord {
  readonly segment: number;
  readonly offset: number;
  readonly end: number;
  readonly appendedAtEpochMs: number;
}

export class UnsentRecords {
  private readonly records: IndexedRecord[] = [];
  private head = 0;
  private bytes = 0;

  push(record: IndexedRecord): void {
    this.records.push(record);
    this.bytes += record.end - record.offset;
  }

  get count(): number {
    return this.records.length - this.head;
  }

  get unsentBytes(): number {
    return this.bytes;
  }

  oldest(): IndexedRecord | undefined {
    return this.records[this.head];
  }

  /** Up to `maxRecords` from the oldest, stopping before `maxBytes` would be passed (≥ 1). */
  peek(maxRecords: number, maxBytes: number): IndexedRecord[] {
    const out: IndexedRecord[] = [];
    let bytes = 0;
    for (let index = this.head; index < this.records.length && out.length < maxRecords; index += 1) {
      const record = this.records[index] as IndexedRecord;
      bytes += record.end - record.offset;
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(record);
    }
    return out;
  }

  /** Drops every record that ends at or before `position`. */
  dropThrough(position: SpoolPosition): void {
    while (this.head < this.records.length) {
      const record = this.records[this.head] as IndexedRecord;
      const done = record.segment < position.segment || (record.segment === position.segment && record.end <= position.offset);
      if (!done) break;
      this.bytes -= record.end - record.offset;
      this.head += 1;
    }
    // Compact now and then so a long-running edge does not keep every record it ever sent.
    if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records.splice(0, this.head);
      this.head = 0;
    }
  }
}
