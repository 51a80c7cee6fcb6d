import { nearDecimalTie, roundMeanExactly } from '../decimal/decimal';
import { evaluateFormula, type FormulaChild, type FormulaScope, readScopeValue } from '../formula/evaluate';
import { parseFormula } from '../formula/parser';
import type { CalculationStatus, RefreshFrequency } from '../schema/enums';
import {
  linearRegression,
  mean,
  NeumaierSum,
  poissonInterval,
  slopeConfidenceInterval,
  sum,
  wilsonInterval,
} from '../stats';
import { meanIntervalOf } from '../stats/confidence-intervals';
import type {
  CalculationInput,
  CalculationMetadata,
  CalculationResult,
  ConfidenceRange,
  DataQualityBreakdown,
  EngineMetricDefinition,
  Observation,
} from './calculation-types';
import { fitColumn, NUMERIC_COLUMN_RANGES, type NumericColumn } from './column-guards';
import { attainment, type DirectionSpec, isImprovement, meetsTarget } from './direction';

/** Milliseconds per duration unit accepted in `unit_of_measure` of a `duration` metric. */
export const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ...['ms', 'millisecond', 'milliseconds'].map((u) => [u, 1] as const),
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((u) => [u, 1_000] as const),
  ...['min', 'mins', 'minute', 'minutes'].map((u) => [u, 60_000] as const),
  ...['h', 'hr', 'hrs', 'hour', 'hours'].map((u) => [u, 3_600_000] as const),
  ...['d', 'day', 'days'].map((u) => [u, 86_400_000] as const),
  ...['w', 'wk', 'week', 'weeks'].map((u) => [u, 604_800_000] as const),
]);

/** How old the newest record may be at the end of the period before freshness drops below 1, per refresh frequency. */
export const FRESHNESS_ALLOWANCE_MS: Readonly<Record<RefreshFrequency, number | null>> = {
  real_time: 15 * 60_000,
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 31 * 86_400_000,
  on_demand: null,
};

const DAY_MS = 86_400_000;

/** The `DirectionSpec` of a definition: direction, target, and the target_range band from its parameters. */
export function directionSpecOf(definition: EngineMetricDefinition, target?: number | null): DirectionSpec {
  const p = definition.parameters;
  return {
    direction: definition.direction,
    target: target === undefined ? (definition.target_value ?? null) : target,
    rangeMin: numberParameter(p, 'target_min'),
    rangeMax: numberParameter(p, 'target_max'),
    tolerance: numberParameter(p, 'target_tolerance'),
  };
}

/** A definition parameter that is a finite number (own property only), else null. */
function numberParameter(parameters: EngineMetricDefinition['parameters'], key: string): number | null {
  if (parameters == null || !Object.hasOwn(parameters, key)) return null;
  const v = parameters[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

class Notes {
  private readonly notes: string[] = [];
  private level = 0;
  warn(note: string): void {
    this.notes.push(note);
    this.level = Math.max(this.level, 1);
  }
  error(note: string): void {
    this.notes.push(note);
    this.level = 2;
  }
  info(note: string): void {
    this.notes.push(note);
  }
  get status(): CalculationStatus {
    return this.level === 2 ? 'error' : this.level === 1 ? 'warning' : 'success';
  }
  get text(): string | null {
    return this.notes.length === 0 ? null : this.notes.join('; ');
  }
  get failed(): boolean {
    return this.level === 2;
  }
}

interface ValueOutcome {
  value: number | null;
  sampleSize: number;
  total: number;
  missing: number;
  invalid: number;
  interval: { lower: number; upper: number } | null;
  confidenceMethod?: CalculationMetadata['confidence_method'];
  newest: number | null;
  extra: Partial<Mutable<CalculationMetadata>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Splits observations into valid values, counting missing and invalid records with a reason. */
function screen(
  observations: readonly Observation[],
  valid: (o: Observation) => string | null,
  notes: Notes,
): { used: Observation[]; missing: number; invalid: number; newest: number | null } {
  const used: Observation[] = [];
  let missing = 0;
  let invalid = 0;
  let newest: number | null = null;
  let reasons: Map<string, number> | undefined;
  for (const o of observations) {
    if (o.value === null || o.value === undefined) {
      missing++;
      continue;
    }
    const problem = valid(o);
    if (problem !== null) {
      invalid++;
      reasons ??= new Map<string, number>();
      reasons.set(problem, (reasons.get(problem) ?? 0) + 1);
      continue;
    }
    used.push(o);
    const at = o.observed_at?.getTime();
    if (at !== undefined && Number.isFinite(at) && (newest === null || at > newest)) newest = at;
  }
  if (reasons !== undefined)
    for (const [reason, n] of reasons) notes.warn(`${n} record(s) ignored: ${reason}`);
  if (missing > 0) notes.warn(`${missing} record(s) have no value`);
  return { used, missing, invalid, newest };
}

const finiteValue = (o: Observation) =>
  isNumber(o.value) ? null : `value ${String(o.value)} is not a finite number`;

const wholeCount = (o: Observation) =>
  isNumber(o.value) && Number.isInteger(o.value) && o.value >= 0
    ? null
    : `a count must be a whole number of 0 or more, got ${String(o.value)}`;

const nonNegativeDuration = (o: Observation) =>
  isNumber(o.value) && o.value >= 0
    ? null
    : `a duration must be 0 or more milliseconds, got ${String(o.value)}`;

/** The records screened by `screen`. */
type Screened = ReturnType<typeof screen>;

// The helpers below are module functions, not closures made per call: the engine computes
// millions of rows, and a closure per row and helper was a measurable share of the time.

/** The outcome of an aggregation: counts from the screened records, no interval yet. */
function outcomeOf(
  observations: readonly Observation[],
  s: Screened,
  value: number | null,
  extra: Partial<Mutable<CalculationMetadata>> = {},
): ValueOutcome {
  return {
    value,
    sampleSize: s.used.length,
    total: observations.length,
    missing: s.missing,
    invalid: s.invalid,
    interval: null,
    newest: s.newest,
    extra,
  };
}

/** True when some record is usable; otherwise records the error and returns false. */
function needSome(
  definition: EngineMetricDefinition,
  observations: readonly Observation[],
  s: Screened,
  notes: Notes,
): boolean {
  if (s.used.length > 0) return true;
  notes.error(
    observations.length === 0
      ? `no records for this period: a ${definition.metric_type} needs at least one`
      : `none of the ${observations.length} record(s) has a usable value`,
  );
  return false;
}

/** The values of the usable records, divided by `factor` (a duration unit's milliseconds). */
function valuesOf(s: Screened, factor = 1): Float64Array {
  const xs = new Float64Array(s.used.length);
  for (let i = 0; i < xs.length; i++) xs[i] = (s.used[i]!.value as number) / factor;
  return xs;
}

function aggregateObservations(input: CalculationInput, notes: Notes): ValueOutcome {
  const { definition } = input;
  const observations = input.observations ?? [];
  switch (definition.metric_type) {
    case 'count': {
      const s = screen(observations, wholeCount, notes);
      if (!needSome(definition, observations, s, notes)) return outcomeOf(observations, s, null);
      let total = 0;
      for (const o of s.used) total += o.value as number;
      const out = outcomeOf(observations, s, total);
      if (Number.isSafeInteger(total)) {
        out.interval = poissonInterval(total);
        out.confidenceMethod = 'poisson_exact';
      }
      return out;
    }
    case 'sum': {
      const s = screen(observations, finiteValue, notes);
      if (!needSome(definition, observations, s, notes)) return outcomeOf(observations, s, null);
      return outcomeOf(observations, s, sum(valuesOf(s)));
    }
    case 'average':
    case 'duration': {
      let factor = 1;
      let unit: string | undefined;
      if (definition.metric_type === 'duration') {
        unit = (definition.unit_of_measure ?? '').trim().toLowerCase();
        const f = DURATION_UNITS.get(unit);
        if (f === undefined) {
          notes.error(
            `unit_of_measure ${JSON.stringify(definition.unit_of_measure ?? null)} is not a duration unit; allowed: ${[...DURATION_UNITS.keys()].join(', ')}`,
          );
          return {
            ...outcomeOf(observations, screen([], finiteValue, notes), null),
            total: observations.length,
          };
        }
        factor = f;
      }
      const s = screen(
        observations,
        definition.metric_type === 'duration' ? nonNegativeDuration : finiteValue,
        notes,
      );
      if (!needSome(definition, observations, s, notes)) return outcomeOf(observations, s, null);
      const xs = valuesOf(s, factor);
      // The interval's estimate is the same compensated mean as mean(xs) (2+ values); one pass, not two.
      const ci = meanIntervalOf(xs); // xs holds screened finite values: no second copy
      const average = ci?.estimate ?? (mean(xs) as number);
      // Near a rounding tie of metric_value, decide on the exact mean (as NUMERIC avg would).
      const scale = NUMERIC_COLUMN_RANGES.metric_value.scale;
      const out = outcomeOf(
        observations,
        s,
        nearDecimalTie(average, scale) ? roundMeanExactly(xs, scale) : average,
        unit === undefined ? {} : { unit },
      );
      if (ci === undefined) notes.info('confidence interval needs at least 2 records');
      else {
        out.interval = ci;
        out.confidenceMethod = 't_mean';
      }
      return out;
    }
    case 'percentage':
    case 'ratio': {
      const isPercentage = definition.metric_type === 'percentage';
      const s = screen(
        observations,
        (o) => {
          const den = o.denominator ?? (isPercentage ? 1 : null);
          if (!isNumber(o.value)) return `numerator ${String(o.value)} is not a finite number`;
          if (den === null) return 'a ratio record needs a denominator';
          if (!isNumber(den)) return `denominator ${String(den)} is not a finite number`;
          if (isPercentage && (o.value < 0 || den < 0 || o.value > den)) {
            return `a percentage record needs 0 <= numerator <= denominator, got ${o.value}/${den}`;
          }
          return null;
        },
        notes,
      );
      if (!needSome(definition, observations, s, notes)) return outcomeOf(observations, s, null);
      let numerator = 0;
      let denominator = 0;
      let integral = true;
      for (const o of s.used) {
        const den = o.denominator ?? 1;
        numerator += o.value as number;
        denominator += den;
        if (!Number.isInteger(o.value) || !Number.isInteger(den)) integral = false;
      }
      if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) {
        notes.error(`the numerator or denominator sum overflows a double (${numerator}/${denominator})`);
        return outcomeOf(observations, s, null);
      }
      const extra = { numerator, denominator };
      if (denominator === 0) {
        notes.error(
          `the denominator sums to 0 over ${s.used.length} record(s): the ${definition.metric_type} is undefined`,
        );
        return outcomeOf(observations, s, null, extra);
      }
      const out = outcomeOf(observations, s, (isPercentage ? 100 : 1) * (numerator / denominator), extra);
      if (isPercentage) {
        const ci = integral ? wilsonInterval(numerator, denominator) : undefined;
        if (ci === undefined)
          notes.info('confidence interval needs whole-number numerators and denominators');
        else {
          out.interval = { lower: 100 * ci.lower, upper: 100 * ci.upper };
          out.confidenceMethod = 'wilson';
        }
      }
      return out;
    }
    case 'trend': {
      const s = screen(
        observations,
        (o) =>
          !isNumber(o.value)
            ? `value ${String(o.value)} is not a finite number`
            : !(o.observed_at instanceof Date) || !Number.isFinite(o.observed_at.getTime())
              ? 'a trend record needs observed_at'
              : null,
        notes,
      );
      if (!needSome(definition, observations, s, notes)) return outcomeOf(observations, s, null);
      const start = input.periodStart.getTime();
      const xs = Float64Array.from(s.used, (o) => ((o.observed_at as Date).getTime() - start) / DAY_MS);
      const ys = valuesOf(s);
      const points = Array.from(xs, (x, i) => [x, ys[i] as number] as const);
      const fit = linearRegression(points);
      if (fit === undefined) {
        notes.error(`a trend needs records at 2 or more distinct times, got ${s.used.length} record(s)`);
        return outcomeOf(observations, s, null, { unit: 'per day' });
      }
      const out = outcomeOf(observations, s, fit.slope, { unit: 'per day' });
      const interval = slopeConfidenceInterval(points);
      if (interval === undefined) notes.info('confidence interval needs at least 3 records');
      else {
        out.interval = interval;
        out.confidenceMethod = 't_slope';
      }
      return out;
    }
    case 'score':
      return scoreValue(input, notes);
  }
}

function scoreValue(input: CalculationInput, notes: Notes): ValueOutcome {
  const components = input.components ?? [];
  // Compensated sums that rescale instead of overflowing: weights near 1e308 still average.
  const weighted = new NeumaierSum();
  const weights = new NeumaierSum();
  let used = 0;
  let missing = 0;
  let invalid = 0;
  const detail: Mutable<NonNullable<CalculationMetadata['components']>> = [];
  for (const c of components) {
    if (c.value === null || !Number.isFinite(c.value)) {
      missing++;
      detail.push({
        metric_id: c.metric_id,
        weight: Number.isFinite(c.weight) ? c.weight : null,
        value: null,
        attainment: null,
      });
      continue;
    }
    if (!(c.weight > 0) || !Number.isFinite(c.weight)) {
      invalid++;
      notes.warn(`component ${c.metric_id} ignored: weight must be a finite number above 0, got ${c.weight}`);
      detail.push({
        metric_id: c.metric_id,
        weight: Number.isFinite(c.weight) ? c.weight : null,
        value: c.value,
        attainment: null,
      });
      continue;
    }
    const a = attainment(c.value, c);
    detail.push({ metric_id: c.metric_id, weight: c.weight, value: c.value, attainment: a.value });
    if (a.value === null) {
      invalid++;
      notes.warn(`component ${c.metric_id} ignored: ${a.reason}`);
      continue;
    }
    weighted.add(c.weight * a.value);
    weights.add(c.weight);
    used++;
  }
  if (missing > 0)
    notes.warn(`${missing} of ${components.length} component(s) have no value for this period`);
  const out: ValueOutcome = {
    value: null,
    sampleSize: used,
    total: components.length,
    missing,
    invalid,
    interval: null,
    newest: null,
    extra: { components: detail, unit: 'points (0-100)' },
  };
  if (used === 0) {
    notes.error(
      components.length === 0
        ? 'a score needs contributing metrics (contributes_to relationships); none were given'
        : 'no contributing metric has a usable value and target for this period',
    );
    return out;
  }
  out.value = weighted.value() / weights.value();
  return out;
}

function formulaValue(input: CalculationInput, notes: Notes): ValueOutcome {
  const { definition } = input;
  const out: ValueOutcome = {
    value: null,
    sampleSize: 0,
    total: 0,
    missing: 0,
    invalid: 0,
    interval: null,
    newest: null,
    extra: {},
  };
  const source = definition.calculation_formula ?? '';
  const parsed = parseFormula(source);
  if (!parsed.ok) {
    notes.error(`calculation_formula: ${parsed.error.message}`);
    return out;
  }
  const scope: unknown = input.formulaScope ?? {};
  // Fields read as data (no spread: a spread runs getters); evaluateFormula checks their shapes.
  const result = evaluateFormula(parsed.formula, {
    metrics: readScopeValue(scope, 'metrics').value,
    parameters: readScopeValue(scope, 'parameters').value ?? definition.parameters ?? {},
    children: readScopeValue(scope, 'children').value,
  } as FormulaScope);
  const names = parsed.formula.metrics;
  // The same reader as evaluateFormula: a Map or own data properties, never a getter.
  const metrics = readScopeValue(scope, 'metrics').value;
  const get = (name: string): unknown => readScopeValue(metrics, name).value;
  const listed = readScopeValue(scope, 'children').value;
  const children: readonly FormulaChild[] =
    parsed.formula.usesChildren && Array.isArray(listed) ? (listed as FormulaChild[]) : [];
  out.total = names.length + children.length;
  out.missing = names.filter((n) => get(n) === null || get(n) === undefined).length;
  out.missing += children.filter((c) => readScopeValue(c, 'value').value === null).length;
  out.sampleSize = out.total - out.missing;
  out.extra = { formula_inputs: [...names, ...children.map((c) => String(readScopeValue(c, 'name').value))] };
  if (!result.ok) {
    notes.error(`calculation_formula: ${result.error.message}`);
    return out;
  }
  if (typeof result.value !== 'number') {
    notes.error(`calculation_formula returned ${result.value}, but metric_value must be a number`);
    return out;
  }
  if (out.missing > 0) notes.warn(`${out.missing} formula input(s) have no value for this period`);
  out.value = result.value;
  return out;
}

/** Records, for the batch API: puts a fitted value and its problem into the row and the notes. */
function fit(column: NumericColumn, value: number | null | undefined, notes: Notes): number | null {
  const fitted = fitColumn(column, value);
  if (fitted.problem !== null) notes.warn(fitted.problem);
  return fitted.value;
}

/**
 * Computes one `metric_calculations` row: the value for the definition's `metric_type` (or its formula
 * when `calculation_method = 'function'`), previous value and change, target and variance, status and
 * notes, data quality, sample size, confidence interval and metadata. Never throws on bad data: a value
 * that cannot be computed gives an `error` row, a field that cannot be stored becomes null with a note and
 * a `warning`. `percentile_rank` is left null here; `rankPeerGroups` fills it over the whole peer group.
 *
 * @example
 * calculateMetric({ definition, periodStart, periodEnd, aggregationLevel: 'org', calculatedAt: now,
 *   observations: [{ value: 1 }, { value: 0 }], previousValue: 40 })
 */
export function calculateMetric(input: CalculationInput): CalculationResult {
  const { definition } = input;
  const notes = new Notes();
  const outcome =
    definition.calculation_method === 'function'
      ? formulaValue(input, notes)
      : aggregateObservations(input, notes);

  // metric_value: DECIMAL(15,4) NOT NULL.
  let metricValue: number | null = null;
  if (outcome.value !== null) {
    const fitted = fitColumn('metric_value', outcome.value);
    if (fitted.problem !== null) notes.error(fitted.problem);
    metricValue = fitted.value;
  }
  const available = metricValue !== null && !notes.failed;

  const target = fit(
    'target_value',
    input.targetValue === undefined ? definition.target_value : input.targetValue,
    notes,
  );
  const previous = fit('previous_value', input.previousValue, notes);
  const spec = directionSpecOf(definition, target);

  let change: number | null = null;
  let changePoints: number | null | undefined;
  let variance: number | null = null;
  if (available && metricValue !== null) {
    if (previous !== null) {
      if (previous === 0) {
        notes.warn(
          metricValue === 0
            ? 'change_percentage: previous value is 0 (no change, but a percentage of 0 is undefined); stored as null'
            : 'change_percentage: previous value is 0, a relative change is undefined; stored as null',
        );
      } else {
        change = fit('change_percentage', ((metricValue - previous) / Math.abs(previous)) * 100, notes);
      }
      if (definition.metric_type === 'percentage')
        changePoints = fitColumn('metric_value', metricValue - previous).value;
    }
    if (target !== null) variance = fit('variance_from_target', metricValue - target, notes);
  }

  // Data quality: completeness × validity × freshness.
  const expected = isNumber(input.expectedCount) && input.expectedCount > 0 ? input.expectedCount : null;
  const present = outcome.total - outcome.missing;
  const completeness =
    Math.max(outcome.total, expected ?? 0) === 0 ? 0 : present / Math.max(outcome.total, expected ?? 0);
  if (expected !== null && outcome.total < expected) {
    notes.warn(`${expected - outcome.total} of ${expected} expected record(s) never arrived`);
  }
  const validity = present === 0 ? 0 : (present - outcome.invalid) / present;
  const allowance = FRESHNESS_ALLOWANCE_MS[definition.refresh_frequency ?? 'daily'];
  let freshness: number | null = null;
  // Freshness is measured at the period end or now, whichever is earlier; an invalid Date is not a time.
  const times = [input.calculatedAt, input.periodEnd]
    .map((d) => (d instanceof Date ? d.getTime() : Number.NaN))
    .filter((t) => Number.isFinite(t));
  if (allowance !== null && outcome.newest !== null && times.length === 0) {
    notes.warn(
      `freshness not measured: calculatedAt (${String(input.calculatedAt)}) and periodEnd (${String(input.periodEnd)}) are not valid Dates`,
    );
  } else if (allowance !== null && outcome.newest !== null) {
    const reference = Math.min(...times);
    const lag = Math.max(0, reference - outcome.newest);
    freshness = lag <= allowance ? 1 : allowance / lag;
    if (freshness < 1) {
      notes.warn(
        `newest record is ${(lag / 3_600_000).toFixed(1)} h older than the period end or now; ${definition.refresh_frequency ?? 'daily'} refresh allows ${(allowance / 3_600_000).toFixed(1)} h`,
      );
    }
  }
  const quality: DataQualityBreakdown = {
    completeness,
    validity,
    freshness,
    records_total: outcome.total,
    records_missing: outcome.missing,
    records_invalid: outcome.invalid,
    records_expected: expected,
  };
  const dataQuality = fit('data_quality_score', completeness * validity * (freshness ?? 1), notes);
  const sampleSize = fit('sample_size', outcome.sampleSize, notes);

  let interval: ConfidenceRange | null = null;
  if (available && outcome.interval !== null) {
    const { lower, upper } = outcome.interval;
    if (Number.isFinite(lower) && Number.isFinite(upper) && lower <= upper) {
      interval = { lower, upper, lowerInclusive: true, upperInclusive: true };
    } else {
      notes.warn(`confidence_interval: [${lower}, ${upper}] is not a finite interval; stored as null`);
    }
  }

  const version = definition.version ?? null;
  if (version !== null && !Number.isSafeInteger(version)) {
    notes.warn(`metadata.definition_version: version ${version} is not a whole number; stored as null`);
  }
  const metadata: Mutable<CalculationMetadata> = {
    definition_version: version !== null && Number.isSafeInteger(version) ? version : null,
    metric_type: definition.metric_type,
    calculation_method: definition.calculation_method,
    direction: definition.direction,
    value_available: available,
    ...outcome.extra,
    quality,
  };
  if (available && metricValue !== null) {
    if (outcome.value !== null && outcome.value !== metricValue) metadata.raw_value = outcome.value;
    if (changePoints !== undefined) metadata.change_points = changePoints;
    metadata.target_met = meetsTarget(metricValue, spec);
    metadata.improved = isImprovement(previous, metricValue, spec);
  }
  if (interval !== null && outcome.confidenceMethod !== undefined) {
    metadata.confidence_method = outcome.confidenceMethod;
    metadata.confidence_level = 0.95;
  }

  return {
    metric_id: definition.id,
    organization_id: definition.organization_id,
    calculation_timestamp: input.calculatedAt,
    period_start: input.periodStart,
    period_end: input.periodEnd,
    aggregation_level: input.aggregationLevel,
    aggregation_id: input.aggregationId ?? null,
    metric_value: available && metricValue !== null ? metricValue : 0,
    previous_value: previous,
    change_percentage: change,
    target_value: target,
    variance_from_target: variance,
    percentile_rank: null,
    calculation_status: notes.status,
    calculation_notes: notes.text,
    data_quality_score: dataQuality,
    sample_size: sampleSize,
    confidence_interval: interval,
    dimensions: input.dimensions ?? null,
    metadata,
  };
}
