import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_TYPES, DIRECTIONS } from '../schema/enums';
import {
  conditionConfigSchema,
  escalationConfigSchema,
  type ThresholdConfig,
  thresholdConfigSchema,
} from '../schema/jsonb/threshold-configs';
import { parseConfig, ThresholdConfigError } from './errors';
import { thresholdBands } from './threshold-bands';

/** The examples of the README section "Thresholds and alerts", one per alert_type. */
const readmeConditions = {
  threshold: { type: 'threshold', level: 'critical', for_evaluations: 3, min_sample_size: 30 },
  trend: { type: 'trend', method: 'mann_kendall', window: 12, alpha: 0.05 },
  anomaly: {
    type: 'anomaly',
    method: 'seasonal_mad',
    season_length: 7,
    sensitivity: 3.5,
    direction: 'above',
  },
  target_variance: { type: 'target_variance', max_percent: 10, recovery_percent: 5 },
  data_quality: {
    type: 'data_quality',
    max_staleness_minutes: 'refresh',
    grace_minutes: 30,
    min_quality_score: 0.8,
  },
} as const;

describe('conditionConfigSchema', () => {
  it('accepts the documented example of every alert_type', () => {
    for (const type of ALERT_TYPES) {
      expect(conditionConfigSchema.safeParse(readmeConditions[type]).success).toBe(true);
    }
  });

  it.each([
    [{ type: 'threshold', operator: '>' }, 'condition_config.operator', /operator and value go together/],
    [
      { type: 'threshold', operator: '>', value: 5, recovery: 6 },
      'condition_config.recovery',
      /at or below value for >/,
    ],
    [
      { type: 'threshold', operator: '==', value: 5, recovery: 5 },
      'condition_config.recovery',
      /none for == and !=/,
    ],
    [
      { type: 'threshold', level: 'warning', operator: '>', value: 1 },
      'condition_config.level',
      /metric bands/,
    ],
    [{ type: 'trend', method: 'mann_kendall', periods: 3 }, 'condition_config.periods', /method consecutive/],
    [{ type: 'trend', window: 12 }, 'condition_config.window', /method mann_kendall/],
    [{ type: 'anomaly', method: 'seasonal_mad' }, 'condition_config.season_length', /needs season_length/],
    [{ type: 'anomaly', season_length: 7 }, 'condition_config.season_length', /for method seasonal_mad/],
    [
      { type: 'anomaly', sensitivity: 3, recovery_sensitivity: 4 },
      'condition_config.recovery_sensitivity',
      /must not exceed/,
    ],
    [{ type: 'target_variance' }, 'condition_config.max_percent', /needs max_percent or max_absolute/],
    [{ type: 'data_quality' }, 'condition_config.min_quality_score', /at least one of/],
    [{ type: 'data_quality', min_quality_score: 1.5 }, 'condition_config.min_quality_score', /1/],
    [{ type: 'threshold', for_minutes: -1 }, 'condition_config.for_minutes', /0/],
    [{ type: 'threshold', pending: 3 }, 'condition_config.pending', /no such key/],
    [{ type: 'spike' }, 'condition_config.type', /threshold/],
  ])('rejects %j, naming %s', (json, field, rule) => {
    let error: unknown;
    try {
      parseConfig(conditionConfigSchema, 'condition_config', json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ThresholdConfigError);
    expect((error as ThresholdConfigError).field).toBe(field);
    expect((error as Error).message).toMatch(rule);
  });
});

describe('escalationConfigSchema', () => {
  it('accepts ordered steps and rejects unordered or empty ones, naming the step', () => {
    const ok = {
      steps: [
        { after_minutes: 30, severity: 'critical', add_channels: ['sms'] },
        { after_minutes: 120, add_recipient_roles: ['7d1c6a4e-0000-4000-8000-000000000001'] },
      ],
    };
    expect(escalationConfigSchema.safeParse(ok).success).toBe(true);
    expect(() =>
      parseConfig(escalationConfigSchema, 'escalation_config', {
        steps: [
          { after_minutes: 30, severity: 'critical' },
          { after_minutes: 30, add_channels: ['x'] },
        ],
      }),
    ).toThrow(
      /^escalation_config\.steps\.1\.after_minutes: got 30; allowed: steps must have strictly increasing/,
    );
    expect(() =>
      parseConfig(escalationConfigSchema, 'escalation_config', { steps: [{ after_minutes: 5 }] }),
    ).toThrow(/must raise severity or add channels or recipients/);
  });
});

describe('thresholdConfigSchema via parseConfig', () => {
  it('names the field and the value of a bad threshold_config', () => {
    expect(() =>
      parseConfig(thresholdConfigSchema, 'threshold_config', { warning: { value: '90' } }),
    ).toThrow('threshold_config.warning.value: got "90"; allowed: expected number, received string');
    expect(() =>
      parseConfig(thresholdConfigSchema, 'threshold_config', { warning: { low: 40, recovery: 42 } }),
    ).toThrow(
      /^threshold_config\.warning\.recovery: got 42; allowed: with sides, put recovery inside each side/,
    );
    expect(() =>
      parseConfig(thresholdConfigSchema, 'threshold_config', { critical: { value: 1, high: 2 } }),
    ).toThrow(/either value .* or sides low \/ high, not both/);
    expect(parseConfig(thresholdConfigSchema, 'threshold_config', { warning: 90 })).toEqual({ warning: 90 });
  });
});

describe('the README section "Thresholds and alerts"', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const examples = [
    ...readme.matchAll(/<!-- thresholds-example: (\w+)\.(\w+) -->\s*```json\n([\s\S]*?)```/g),
  ].map((m) => ({ column: m[2]!, json: JSON.parse(m[3]!) as unknown }));
  const schemas = {
    threshold_config: thresholdConfigSchema,
    condition_config: conditionConfigSchema,
    escalation_config: escalationConfigSchema,
  } as const;

  it('has an example of each of the three shapes and of every alert_type', () => {
    expect(new Set(examples.map((e) => e.column))).toEqual(new Set(Object.keys(schemas)));
    const types = examples.flatMap((e) =>
      e.column === 'condition_config' ? [(e.json as { type: string }).type] : [],
    );
    expect(new Set(types)).toEqual(new Set(ALERT_TYPES));
  });

  it.each(examples)('accepts its $column example', ({ column, json }) => {
    expect(parseConfig(schemas[column as keyof typeof schemas], column, json)).toEqual(json);
    if (column === 'threshold_config') {
      // And the levels are consistent for some direction (with a target of 50).
      const usable = DIRECTIONS.filter((direction) => {
        try {
          thresholdBands({ thresholdConfig: json as ThresholdConfig, targetValue: 50, direction });
          return true;
        } catch {
          return false;
        }
      });
      expect(usable.length).toBeGreaterThan(0);
    }
  });
});
