/**
 * The history plan: the months filled before serving cover the last 90 complete days, the older
 * ones reach back two years, and together they cover every day once.
 */
import { periodFor, periodsBetween } from '@arion-metrics/core';
import { describe, expect, it } from 'vitest';
import { planHistory } from './daily-history';
import { HISTORY_DAYS } from './synthetic-days';

const ZONE = 'Europe/Berlin';
const NOW = new Date('2026-12-06T03:00:00Z');

describe('planHistory', () => {
  const plan = planHistory(NOW, ZONE);

  it('ends at the start of today in the organization’s zone and starts two years of days earlier', () => {
    expect(plan.to).toEqual(periodFor(NOW, 'daily', { timeZone: ZONE }).start);
    const days = periodsBetween({ start: plan.from, end: plan.to }, 'daily', { timeZone: ZONE });
    expect(days).toHaveLength(HISTORY_DAYS);
  });

  it('puts every month overlapping the last 90 days in the recent part, newest first', () => {
    const ninetyDaysAgo = periodsBetween({ start: plan.from, end: plan.to }, 'daily', { timeZone: ZONE }).at(
      -90,
    )!;
    const oldestRecent = plan.recent.at(-1)!;
    expect(oldestRecent.start <= ninetyDaysAgo.start).toBe(true);
    expect(oldestRecent.end > ninetyDaysAgo.start).toBe(true);
    const starts = plan.recent.map((m) => m.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it('covers every month from the first day to today exactly once', () => {
    const all = [...plan.recent, ...plan.older].map((m) => m.startDate);
    expect(new Set(all).size).toBe(all.length);
    const expected = periodsBetween({ start: plan.from, end: plan.to }, 'monthly', { timeZone: ZONE })
      .map((m) => m.startDate)
      .reverse();
    expect(all).toEqual(expected);
  });
});
