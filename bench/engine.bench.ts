/**
 * Time to compute 1 million `metric_calculations` rows (10,000 aggregation units x 100 periods) with
 * direction-aware percentile ranks, next to the single-pass anchor measured in the same run: one loop
 * over the same values computing each unit's mean, plus one numeric sort per period for the ranks
 * (the least any implementation must do). Printed as a ratio to the anchor.
 *
 *   pnpm bench engine            # UNITS=2000 PERIODS=20 pnpm bench engine for a quick run
 */
import {
  type CalculationInput,
  type CalculationResult,
  calculateMetric,
  directionSpecOf,
  type EngineMetricDefinition,
  rankPeerGroups,
} from '../packages/core/src/index';

const UNITS = Number(process.env.UNITS ?? 10_000);
const PERIODS = Number(process.env.PERIODS ?? 100);
const PER_ROW = 3; // observations behind each row
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

// Deterministic data (xorshift), generated once and shared by both measurements.
let seed = 0x9e3779b9;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4_294_967_296;
};
const values = new Float64Array(UNITS * PERIODS * PER_ROW);
for (let i = 0; i < values.length; i++) values[i] = Math.round((50 + 40 * random()) * 100) / 100;

const definition: EngineMetricDefinition = {
  id: 'bench-metric',
  organization_id: 'bench-org',
  metric_name: 'resolution_hours',
  metric_type: 'average',
  calculation_method: 'aggregation',
  direction: 'lower_better',
  target_value: 60,
  refresh_frequency: 'daily',
  version: 1,
};
const spec = directionSpecOf(definition);
const calculatedAt = new Date('2025-06-01T00:00:00Z');
const unitIds = Array.from({ length: UNITS }, (_, u) => `unit-${u}`);
const day = 86_400_000;
const base = Date.UTC(2025, 0, 1);

function inputsFor(p: number): CalculationInput[] {
  const periodStart = new Date(base + p * day);
  const periodEnd = new Date(base + (p + 1) * day);
  const inputs: CalculationInput[] = new Array(UNITS);
  for (let u = 0; u < UNITS; u++) {
    const offset = (p * UNITS + u) * PER_ROW;
    const observations = [];
    for (let k = 0; k < PER_ROW; k++) observations.push({ value: values[offset + k] as number });
    inputs[u] = {
      definition,
      periodStart,
      periodEnd,
      aggregationLevel: 'team',
      aggregationId: unitIds[u] as string,
      calculatedAt,
      observations,
      previousValue: p === 0 ? null : (values[offset - UNITS * PER_ROW] as number),
    };
  }
  return inputs;
}

function engineRun(periods = PERIODS): { ms: number; cpuMs: number; checksum: number } {
  let ms = 0;
  let cpuMs = 0;
  let checksum = 0;
  for (let p = 0; p < periods; p++) {
    const inputs = inputsFor(p); // building the plain input objects is not timed
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const rows: CalculationResult[] = new Array(UNITS);
    for (let u = 0; u < UNITS; u++) rows[u] = calculateMetric(inputs[u] as CalculationInput);
    const ranked = rankPeerGroups(rows, () => spec);
    const c1 = process.cpuUsage(c0);
    cpuMs += (c1.user + c1.system) / 1000;
    ms += performance.now() - t0;
    checksum += (ranked[0]?.percentile_rank ?? 0) + (ranked[UNITS - 1]?.metric_value ?? 0);
  }
  return { ms, cpuMs, checksum };
}

function anchorRun(): { ms: number; cpuMs: number; checksum: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let checksum = 0;
  const means = new Float64Array(UNITS);
  for (let p = 0; p < PERIODS; p++) {
    for (let u = 0; u < UNITS; u++) {
      const offset = (p * UNITS + u) * PER_ROW;
      let total = 0;
      for (let k = 0; k < PER_ROW; k++) total += values[offset + k] as number;
      means[u] = total / PER_ROW;
    }
    const sorted = means.slice().sort();
    checksum += (sorted[0] as number) + (means[UNITS - 1] as number);
  }
  const c1 = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c1.user + c1.system) / 1000, checksum };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rows = UNITS * PERIODS;
console.log(
  `${rows.toLocaleString('en')} calculation rows (${UNITS} units x ${PERIODS} periods, ${PER_ROW} observations each)`,
);

// Warm up on a few periods, then measure the anchor twice (keeping the faster) and the engine once.
// CPU time is printed too: on a shared 2-core machine wall-clock time includes waiting for the CPU.
engineRun(Math.min(3, PERIODS));
anchorRun();
gc();
const anchor = [anchorRun(), anchorRun()].sort((a, b) => a.ms - b.ms)[0] as { ms: number; cpuMs: number };
gc();
const engine = engineRun();

console.log(
  `  anchor (single pass: per-unit mean + one sort per period)  wall ${fmt(anchor.ms)}  cpu ${fmt(anchor.cpuMs)}`,
);
console.log(
  `  calculateMetric + rankPeerGroups  wall ${fmt(engine.ms)}  cpu ${fmt(engine.cpuMs)}  ` +
    `${Math.round(rows / (engine.cpuMs / 1000)).toLocaleString('en')} rows per cpu-second  ` +
    `${(engine.ms / anchor.ms).toFixed(1)}x the anchor (wall), ${(engine.cpuMs / anchor.cpuMs).toFixed(1)}x (cpu)`,
);
