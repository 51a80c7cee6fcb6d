import { describe, expect, it } from 'vitest';
import type { Direction } from '../schema/enums';
import type { ConditionConfig } from '../schema/jsonb/threshold-configs';
import { type AlertMetric, type ConditionVerdict, evaluateAlertCondition } from './alert-conditions';
import { at, inputOf } from './testing-fixtures';

const metricOf = (direction: Direction, extra: Partial<AlertMetric> = {}): AlertMetric => ({
  direction,
  threshold_config:
    direction === 'higher_better'
      ? { warning: 90, critical: 80 }
      : direction === 'lower_better'
        ? { warning: 5, critical: 10 }
        : { warning: { low: 40, high: 60 }, critical: { low: 30, high: 70 } },
  target_value: direction === 'higher_better' ? 95 : direction === 'lower_better' ? 2 : 50,
  refresh_frequency: 'hourly',
  ...extra,
});

function check(
  condition: ConditionConfig,
  direction: Direction,
  value: number | null,
  history: readonly number[] = [],
  wasMet = false,
): ConditionVerdict {
  return evaluateAlertCondition(
    condition,
    inputOf(value, at(0), { metric: metricOf(direction), history }),
    at(0),
    {
      met: wasMet,
      bandStatus: null,
    },
  );
}

describe('threshold conditions', () => {
  it.each([
    ['>', 10, 10.5, 'met'],
    ['>', 10, 10, 'clear'],
    ['>=', 10, 10, 'met'],
    ['<', 10, 9.9, 'met'],
    ['<', 10, 10, 'clear'],
    ['<=', 10, 10, 'met'],
    ['==', 10, 10, 'met'],
    ['==', 10, 11, 'clear'],
    ['!=', 10, 11, 'met'],
    ['!=', 10, 10, 'clear'],
  ] as const)('value %s %s: %s gives %s', (operator, threshold, value, expected) => {
    const v = check({ type: 'threshold', operator, value: threshold }, 'higher_better', value);
    expect(v.kind).toBe(expected);
    if (v.kind === 'met') expect(v).toMatchObject({ metricValue: value, thresholdValue: threshold });
  });

  it('holds an operator condition until the recovery level is reached', () => {
    const c: ConditionConfig = { type: 'threshold', operator: '>', value: 100, recovery: 90 };
    expect(check(c, 'lower_better', 95, [], true)).toMatchObject({ kind: 'met', held: true });
    expect(check(c, 'lower_better', 95, [], false).kind).toBe('clear');
    expect(check(c, 'lower_better', 90, [], true).kind).toBe('clear');
  });

  it.each([
    ['higher_better', 95, 'clear', null, null],
    ['higher_better', 85, 'met', 'warning', 90],
    ['higher_better', 75, 'met', 'critical', 80],
    ['lower_better', 3, 'clear', null, null],
    ['lower_better', 7, 'met', 'warning', 5],
    ['lower_better', 12, 'met', 'critical', 10],
    ['target_range', 50, 'clear', null, null],
    ['target_range', 35, 'met', 'warning', 40],
    ['target_range', 65, 'met', 'warning', 60],
    ['target_range', 25, 'met', 'critical', 30],
    ['target_range', 75, 'met', 'critical', 70],
  ] as const)(
    'on the metric bands, a %s value %s is %s (%s, level %s)',
    (direction, value, kind, severity, level) => {
      const v = check({ type: 'threshold' }, direction, value);
      expect(v).toMatchObject({ kind, severity, thresholdValue: level, metricValue: value });
    },
  );

  it('fires only in the critical band with level critical', () => {
    expect(check({ type: 'threshold', level: 'critical' }, 'higher_better', 85).kind).toBe('clear');
    expect(check({ type: 'threshold', level: 'critical' }, 'higher_better', 79).kind).toBe('met');
  });

  it('turns an inconsistent threshold_config into an error verdict naming the field', () => {
    const v = evaluateAlertCondition(
      { type: 'threshold' },
      inputOf(50, at(0), { metric: { ...metricOf('target_range'), threshold_config: { warning: 40 } } }),
      at(0),
    );
    expect(v).toMatchObject({
      kind: 'error',
      reason: expect.stringMatching(/^threshold_config\.warning: got 40;/),
    });
  });
});

describe('trend conditions', () => {
  const consecutive: ConditionConfig = { type: 'trend', periods: 3 };
  it.each([
    ['higher_better', [10, 9, 8], 7, 'met'],
    ['higher_better', [10, 9, 8], 9, 'clear'],
    ['higher_better', [7, 8, 9], 10, 'clear'],
    ['lower_better', [7, 8, 9], 10, 'met'],
    ['lower_better', [10, 9, 8], 7, 'clear'],
    // target 50: distances 5, 8, 12, 20 grow on either side.
    ['target_range', [55, 42, 62], 30, 'met'],
    ['target_range', [30, 40, 45], 49, 'clear'],
  ] as const)('consecutive: a %s series %j then %s is %s', (direction, history, value, expected) => {
    expect(check(consecutive, direction, value, history).kind).toBe(expected);
  });

  it('ignores moves no larger than min_change and needs periods + 1 values', () => {
    expect(
      check({ type: 'trend', periods: 3, min_change: 1 }, 'higher_better', 9.7, [10, 9.9, 9.8]).kind,
    ).toBe('clear');
    expect(check(consecutive, 'higher_better', 7, [9, 8])).toMatchObject({
      kind: 'suppressed',
      reason: expect.stringMatching(/insufficient history/),
    });
  });

  it('holds a consecutive trend until the value improves', () => {
    expect(check(consecutive, 'higher_better', 7, [10, 9, 8, 7], true)).toMatchObject({
      kind: 'met',
      held: true,
    });
    expect(check(consecutive, 'higher_better', 7.5, [10, 9, 8, 7], true).kind).toBe('clear');
  });

  const mk: ConditionConfig = { type: 'trend', method: 'mann_kendall', window: 10 };
  const rising = [1, 2, 1.5, 3, 4, 3.5, 5, 6, 7];
  it.each([
    ['higher_better', rising.map((x) => -x), -8, 'met'],
    ['higher_better', rising, 8, 'clear'],
    ['lower_better', rising, 8, 'met'],
    ['lower_better', [5, 4, 6, 5, 4, 6, 5, 4, 6], 5, 'clear'],
    ['target_range', rising.map((x) => 50 + 2 * x), 66, 'met'],
  ] as const)('mann_kendall: a %s series is %#', (direction, history, value, expected) => {
    const v = check(mk, direction, value, history);
    expect(v.kind).toBe(expected);
    if (v.kind === 'met') expect(v.details).toMatchObject({ method: 'mann_kendall', p: expect.any(Number) });
  });

  it('reports an error for a target_range trend without a target', () => {
    const v = evaluateAlertCondition(
      consecutive,
      inputOf(30, at(0), { metric: metricOf('target_range', { target_value: null }), history: [50, 45, 40] }),
      at(0),
    );
    expect(v).toMatchObject({ kind: 'error', reason: expect.stringMatching(/no target_value/) });
  });
});

describe('anomaly conditions', () => {
  // A quiet series around 100 with a spread of about 1.
  const quiet = Array.from({ length: 40 }, (_, i) => 100 + ((i * 7) % 5) - 2);
  it.each([
    ['both', 120, 'met'],
    ['both', 80, 'met'],
    ['both', 101, 'clear'],
    ['above', 80, 'clear'],
    ['above', 120, 'met'],
    ['below', 120, 'clear'],
    ['below', 80, 'met'],
  ] as const)('rolling_mad with direction %s: %s is %s', (direction, value, expected) => {
    expect(check({ type: 'anomaly', direction }, 'higher_better', value, quiet).kind).toBe(expected);
  });

  it('scores a seasonal series against the same phase of past seasons', () => {
    const weekly = [10, 10, 10, 10, 10, 50, 50];
    const history = Array.from({ length: 28 }, (_, i) => weekly[i % 7]! + ((i * 5) % 3) - 1);
    const c: ConditionConfig = { type: 'anomaly', method: 'seasonal_mad', season_length: 7 };
    // The next point is a weekday (phase 0): 50 is anomalous there, 10 is normal.
    expect(check(c, 'lower_better', 10, history).kind).toBe('clear');
    // Phase 0 was 9, 11, 10, 9 in the four past weeks: expected = their median 9.5.
    expect(check(c, 'lower_better', 50, history)).toMatchObject({ kind: 'met', details: { expected: 9.5 } });
    // Before a weekend day (index 33, phase 5), 50 is normal for the seasonal method, while the
    // rolling method, blind to the season, flags the regular weekend as an anomaly.
    const beforeWeekend = Array.from({ length: 33 }, (_, i) => weekly[i % 7]! + ((i * 5) % 3) - 1);
    expect(check(c, 'lower_better', 50, beforeWeekend).kind).toBe('clear');
    expect(check(c, 'lower_better', 10, beforeWeekend).kind).toBe('met');
    expect(check({ type: 'anomaly', window: 14 }, 'lower_better', 50, beforeWeekend).kind).toBe('met');
  });

  it('suppresses scoring without the minimum history, saying how much is missing', () => {
    const v = check(
      { type: 'anomaly', method: 'seasonal_mad', season_length: 7 },
      'higher_better',
      1,
      [1, 2, 3],
    );
    expect(v).toMatchObject({
      kind: 'suppressed',
      reason: 'suppressed: insufficient history for seasonal_mad, need 21 points, have 3',
    });
  });
});

describe('target_variance conditions', () => {
  it.each([
    // direction (target 95 / 2 / 50), value, config, expected
    ['higher_better', 80, { max_percent: 10 }, 'met'],
    ['higher_better', 90, { max_percent: 10 }, 'clear'],
    ['higher_better', 120, { max_percent: 10 }, 'clear'],
    ['lower_better', 3, { max_absolute: 0.5 }, 'met'],
    ['lower_better', 0, { max_absolute: 0.5 }, 'clear'],
    ['target_range', 40, { max_absolute: 5 }, 'met'],
    ['target_range', 60, { max_absolute: 5 }, 'met'],
    ['target_range', 54, { max_absolute: 5 }, 'clear'],
    ['higher_better', 120, { max_percent: 10, side: 'both' }, 'met'],
  ] as const)('a %s value %s with %j is %s', (direction, value, limits, expected) => {
    const v = check({ type: 'target_variance', ...limits }, direction, value);
    expect(v.kind).toBe(expected);
  });

  it('reports the limit in metric units as threshold_value and holds until the recovery limit', () => {
    const c: ConditionConfig = { type: 'target_variance', max_percent: 10, recovery_percent: 5 };
    expect(check(c, 'higher_better', 80)).toMatchObject({ kind: 'met', thresholdValue: 95 - 9.5 });
    expect(check(c, 'higher_better', 88, [], true)).toMatchObject({ kind: 'met', held: true });
    expect(check(c, 'higher_better', 91, [], true).kind).toBe('clear');
  });

  it('errors without a target, or with a zero target and only a percentage', () => {
    const noTarget = evaluateAlertCondition(
      { type: 'target_variance', max_percent: 5 },
      inputOf(1, at(0), { metric: metricOf('higher_better', { target_value: null }) }),
      at(0),
    );
    expect(noTarget).toMatchObject({ kind: 'error', reason: expect.stringMatching(/needs a target_value/) });
    const zero = evaluateAlertCondition(
      { type: 'target_variance', max_percent: 5 },
      inputOf(1, at(0), { metric: metricOf('higher_better', { target_value: 0 }) }),
      at(0),
    );
    expect(zero).toMatchObject({ kind: 'error', reason: expect.stringMatching(/non-zero target_value/) });
  });
});

describe('data_quality conditions', () => {
  const dq = (c: Omit<Extract<ConditionConfig, { type: 'data_quality' }>, 'type'>) =>
    ({ type: 'data_quality', ...c }) as ConditionConfig;

  it.each([
    [
      { min_quality_score: 0.9 },
      { data_quality_score: 0.8 },
      0,
      'met',
      /data_quality_score 0.8 is below 0.9/,
    ],
    [{ min_quality_score: 0.9 }, { data_quality_score: 0.95 }, 0, 'clear', /fresh/],
    [{ min_sample_size: 30 }, { sample_size: 10 }, 0, 'met', /sample_size 10 is below 30/],
    [{ max_staleness_minutes: 'refresh' }, {}, 61, 'met', /61 minutes old, more than 60 allowed/],
    [{ max_staleness_minutes: 'refresh' }, {}, 60, 'clear', /fresh/],
    [{ max_staleness_minutes: 'refresh', grace_minutes: 15 }, {}, 70, 'clear', /fresh/],
    [{ max_staleness_minutes: 30 }, {}, 31, 'met', /stale/],
  ] as const)('%j with %j, %s minutes later, is %s', (config, extra, minutes, kind, reason) => {
    const v = evaluateAlertCondition(dq(config), inputOf(5, at(0), { extra }), at(minutes));
    expect(v).toMatchObject({ kind, reason: expect.stringMatching(reason) });
  });

  it('fires on no data at all, and rejects "refresh" for an on_demand metric', () => {
    expect(
      evaluateAlertCondition(dq({ max_staleness_minutes: 60 }), inputOf(null, at(0)), at(0)),
    ).toMatchObject({
      kind: 'met',
      reason: expect.stringMatching(/no data/),
    });
    const onDemand = evaluateAlertCondition(
      dq({ max_staleness_minutes: 'refresh' }),
      inputOf(5, at(0), { metric: metricOf('higher_better', { refresh_frequency: 'on_demand' }) }),
      at(0),
    );
    expect(onDemand).toMatchObject({ kind: 'error', reason: expect.stringMatching(/on_demand/) });
  });
});
