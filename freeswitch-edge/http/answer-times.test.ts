// Proves the ring keeps the most recent answers only and reports nearest-rank percentiles.
import { describe, expect, it } from 'vitest';
import { AnswerTimes } from './answer-times';

describe('AnswerTimes', () => {
  it('reports nothing before the first answer', () => {
    expect(new AnswerTimes(8).summary()).toBeNull();
  });

  it('gives nearest-rank p50, p99 and max of 1..100 µs', () => {
    const times = new AnswerTimes(128);
    for (let us = 100; us >= 1; us -= 1) times.record(us);
    expect(times.summary()).toEqual({ answers: 100, p50Us: 50, p99Us: 99, maxUs: 100 });
  });

  it('forgets answers older than its capacity', () => {
    const times = new AnswerTimes(4);
    for (const us of [1_000, 1_000, 1_000, 1_000, 10, 20, 30, 40]) times.record(us);
    expect(times.summary()).toEqual({ answers: 4, p50Us: 20, p99Us: 40, maxUs: 40 });
  });
});
