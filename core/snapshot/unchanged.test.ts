// The 304-without-building decision: only the recorded version, at the current epoch, within the record's maximum age; a build is recorded only once the epoch's last change has had the indexes' settling time.
import { describe, expect, it } from 'vitest';
import {
  BUILT_RECORD_MAX_AGE_MS,
  INDEX_SETTLE_MS,
  buildIsRecordable,
  heldVersionIsCurrent,
} from './unchanged';

const epoch = { epoch: 7, changedAtEpochMs: 1_000_000 };
const record = { epoch: 7, version: 'v7', builtAtEpochMs: 2_000_000 };

describe('heldVersionIsCurrent', () => {
  it('is true for the recorded version at the same epoch while the record is fresh', () => {
    expect(heldVersionIsCurrent(record, epoch, ['v6', 'v7'], 2_000_000)).toBe(true);
    expect(heldVersionIsCurrent(record, epoch, ['v7'], 2_000_000 + BUILT_RECORD_MAX_AGE_MS - 1)).toBe(true);
  });

  it('is false for another version, another epoch, no record, or a record too old', () => {
    expect(heldVersionIsCurrent(record, epoch, ['v6'], 2_000_000)).toBe(false);
    expect(heldVersionIsCurrent(record, epoch, [], 2_000_000)).toBe(false);
    expect(heldVersionIsCurrent(record, { ...epoch, epoch: 8 }, ['v7'], 2_000_000)).toBe(false);
    expect(heldVersionIsCurrent(undefined, epoch, ['v7'], 2_000_000)).toBe(false);
    expect(heldVersionIsCurrent(record, epoch, ['v7'], 2_000_000 + BUILT_RECORD_MAX_AGE_MS)).toBe(false);
  });

  it('does not trust a record from a clock that ran ahead', () => {
    expect(heldVersionIsCurrent(record, epoch, ['v7'], 1_999_999)).toBe(false);
  });
});

describe('buildIsRecordable', () => {
  it('waits for the settling time after the epoch last changed', () => {
    expect(buildIsRecordable(epoch, 1_000_000 + INDEX_SETTLE_MS - 1)).toBe(false);
    expect(buildIsRecordable(epoch, 1_000_000 + INDEX_SETTLE_MS)).toBe(true);
    expect(buildIsRecordable({ epoch: 0, changedAtEpochMs: 0 }, 5)).toBe(false);
    expect(buildIsRecordable({ epoch: 0, changedAtEpochMs: 0 }, INDEX_SETTLE_MS)).toBe(true);
  });
});
