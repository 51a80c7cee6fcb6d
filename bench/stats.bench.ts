/**
 * Snapshot statistics (count, min, max, mean, sample sd, p25/p50/p75/p95 — all exact) next to
 * the anchor measured in the same run: the single-pass limit, one loop over a Float64Array
 * computing sum, sum of squares, min and max (what any snapshot must at least read).
 *
 * Part 1: one snapshot over 1e4 … 1e7 values — ours (`summarize`), simple-statistics, d3-array
 *         and a sort-based snapshot, each printed as a multiple of the single pass. The single pass,
 *         summarize and simple-statistics take turns within each round; their ratios are medians of
 *         per-round ratios (robust to load that changes while the benchmark runs).
 * Part 2: per-series snapshots, 10,000 series × 1,000 values, ours vs PostgreSQL
 *         `GROUP BY series` with `percentile_cont` and `stddev_samp` on the same data, in PGlite
 *         and (when TEST_DATABASE_URL is set) a real PostgreSQL server, in a database of its own
 *         that is dropped at the end. Results are checked to agree before timing is printed.
 *         PGlite gets the first PGLITE_SERIES series (default 1,000: loading 10M rows into it takes
 *         minutes); PGLITE_SERIES=10000 runs it at full size.
 *
 *   pnpm bench stats                       # SIZES=1e4,1e5 SERIES=1000 pnpm bench stats for a quick run
 */
import { PGlite } from '@electric-sql/pglite';
import * as d3 from 'd3-array';
import pg from 'pg';
import * as ss from 'simple-statistics';
import { quantileSorted, type Summary, summarize } from '../packages/core/src/index';

const SIZES = (process.env.SIZES ?? '1e4,1e5,1e6,1e7').split(',').map(Number);
const SERIES = Number(process.env.SERIES ?? 10_000);
const PER_SERIES = Number(process.env.PER_SERIES ?? 1_000);
const PGLITE_SERIES = Number(process.env.PGLITE_SERIES ?? 1_000);
const PS = [0.25, 0.5, 0.75, 0.95];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
let sink = 0;

// Deterministic data (xorshift32), log-normal-ish like durations or amounts.
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4_294_967_296;
};

/** Median wall time in ms of `runs` calls after one warm-up call, with a collection before each. */
function time(runs: number, fn: () => void): number {
  fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** A median time in ms and the median of its per-round ratios to the first function (the anchor). */
interface Timed {
  ms: number;
  ratio: number;
}

/**
 * Warm-up calls before timing. V8 compiles a long loop's function fully only after a few calls
 * (the first ones run partly unoptimised), and on a loaded machine the background compiler takes
 * longer still: steady state is what the ratios compare.
 */
const WARM_UP = 5;

/** Runs every function once per round, in turn, after WARM_UP calls each (a collection before each call). */
function timeRounds(rounds: number, fns: (() => void)[]): Timed[] {
  for (let w = 0; w < WARM_UP; w++) for (const fn of fns) fn();
  const samples = fns.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      gc();
      const t0 = performance.now();
      fn();
      samples[k]!.push(performance.now() - t0);
    });
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return samples.map((xs) => ({ ms: median(xs), ratio: median(xs.map((t, r) => t / samples[0]![r]!)) }));
}

function singlePass(x: Float64Array): void {
  let s = 0;
  let s2 = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    s += v;
    s2 += v * v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  sink += s + s2 + lo + hi;
}

function sortBased(values: number[]): void {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += sorted[i]!;
  const mean = s / n;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (sorted[i]! - mean) ** 2;
  sink +=
    sorted[0]! +
    sorted[n - 1]! +
    Math.sqrt(s2 / (n - 1)) +
    PS.reduce((a, p) => a + quantileSorted(sorted, p)!, 0);
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)).padStart(8);
const ratio = (ms: number, anchor: number) => `${(ms / anchor).toFixed(1)}x`.padStart(8);

function part1(): void {
  console.log(
    '\nOne snapshot (count, min, max, mean, sd, p25/p50/p75/p95), median ms and multiple of the single pass',
  );
  console.log(
    `${'values'.padEnd(8)} ${'single pass'.padStart(12)} ${'summarize'.padStart(17)} ${'summarize(F64)'.padStart(17)} ${'d3-array'.padStart(17)} ${'simple-stats'.padStart(17)} ${'sort-based'.padStart(17)} ${'simple-stats / summarize'.padStart(25)}`,
  );
  const verdicts: string[] = [];
  for (const n of SIZES) {
    const values: number[] = new Array(n);
    for (let i = 0; i < n; i++)
      values[i] = Math.round(Math.exp(3 + 1.5 * (random() + random() + random() - 1.5)) * 100) / 100;
    const typed = Float64Array.from(values);
    // Correctness first: our percentiles equal d3-array's type-7 quantiles and the sorted reference.
    const ours: Summary = summarize(values);
    const d3q = PS.map((p) => d3.quantile(values, p));
    const sorted = typed.slice().sort();
    const ref = PS.map((p) => quantileSorted(sorted, p));
    if ([ours.p25, ours.p50, ours.p75, ours.p95].some((v, i) => v !== ref[i] || v !== d3q[i])) {
      throw new Error(`summarize disagrees with the sorted reference at n=${n}`);
    }
    const runs = n >= 1e7 ? 3 : n >= 1e6 ? 7 : 21;
    // The anchor, summarize and simple-statistics run in turn within each round, and each ratio is the
    // median of the per-round ratios: on a shared machine the load changes between separate blocks of runs.
    const [anchor, tOurs, tOursTyped, tSs] = timeRounds(n >= 1e7 ? 7 : n >= 1e6 ? 11 : 21, [
      () => singlePass(typed),
      () => {
        sink += summarize(values).p95!;
      },
      () => {
        sink += summarize(typed).p95!;
      },
      () => {
        sink += ss.min(values) + ss.max(values) + ss.mean(values) + ss.sampleStandardDeviation(values);
        sink += (ss.quantile(values, PS) as number[])[0]!;
      },
    ]) as [Timed, Timed, Timed, Timed];
    const tD3 = time(runs, () => {
      sink += d3.min(values)! + d3.max(values)! + d3.mean(values)! + d3.deviation(values)!;
      for (const p of PS) sink += d3.quantile(values, p)!;
    });
    const tSort = time(runs, () => sortBased(values));
    const x = (t: Timed) => `${t.ratio.toFixed(1)}x`.padStart(8);
    console.log(
      `${n.toExponential(0).padEnd(8)} ${fmt(anchor.ms)} ms ${fmt(tOurs.ms)} ${x(tOurs)} ${fmt(tOursTyped.ms)} ${x(tOursTyped)} ${fmt(tD3)} ${ratio(tD3, anchor.ms)} ${fmt(tSs.ms)} ${x(tSs)} ${fmt(tSort)} ${ratio(tSort, anchor.ms)} ${`${(tSs.ms / tOurs.ms).toFixed(1)}x faster`.padStart(25)}`,
    );
    if (n >= 1e6) {
      const worst = Math.max(tOurs.ratio, tOursTyped.ratio);
      verdicts.push(`${n.toExponential(0)}: ${worst.toFixed(1)}x (${worst <= 6 ? 'within' : 'OVER'} 6x)`);
    }
  }
  console.log(
    'summarize: number[] input (as the libraries get); summarize(F64): a Float64Array. d3-array: min, max, mean, deviation, quantile x4;',
  );
  console.log(
    'simple-statistics: min, max, mean, sampleStandardDeviation, quantile(x, [..]) (its quantile is not type 7). Last column: simple-statistics time / summarize (number[]) time.',
  );
  if (verdicts.length > 0)
    console.log(
      `Target summarize <= 6x the single pass at 1e6 and 1e7 (worse of number[] and F64): ${verdicts.join('; ')}`,
    );
}

/** Value j of series s: integer arithmetic and one division, computed identically in JS and SQL (IEEE doubles). */
const seriesValue = (s: number, j: number) =>
  ((((s * PER_SERIES + j) * 48271) % 2147483647) / 2147483647) * 1000 + s;
const SERIES_VALUE_SQL = `((((s * ${PER_SERIES} + j)::bigint * 48271) % 2147483647)::float8 / 2147483647) * 1000 + s`;
const GROUP_BY_SQL = `SELECT s, count(v)::int AS n, min(v) AS min, max(v) AS max, avg(v) AS mean, stddev_samp(v) AS sd,
  percentile_cont(ARRAY[0.25, 0.5, 0.75, 0.95]::float8[]) WITHIN GROUP (ORDER BY v) AS ps
  FROM bench_values GROUP BY s ORDER BY s`;

interface GroupRow {
  s: number;
  n: number;
  min: number;
  max: number;
  mean: number;
  sd: number;
  ps: number[];
}

function check(rows: GroupRow[], ours: Summary[], engine: string): void {
  if (rows.length !== ours.length)
    throw new Error(`${engine}: ${rows.length} groups, expected ${ours.length}`);
  rows.forEach((row, s) => {
    const o = ours[s]!;
    const same =
      row.n === o.count &&
      row.min === o.min &&
      row.max === o.max &&
      row.ps.every((v, i) => v === [o.p25, o.p50, o.p75, o.p95][i]) &&
      Math.abs(row.mean - o.mean!) <= 1e-12 * Math.abs(o.mean!) &&
      Math.abs(row.sd - o.deviation!) <= 1e-9 * o.deviation!;
    if (!same)
      throw new Error(`${engine}: series ${s} disagrees: ${JSON.stringify(row)} vs ${JSON.stringify(o)}`);
  });
}

async function part2(): Promise<void> {
  console.log(
    `\nPer-series snapshots: ${SERIES} series x ${PER_SERIES} values (median ms, PostgreSQL as a multiple of ours)`,
  );
  const all = new Float64Array(SERIES * PER_SERIES);
  for (let s = 0; s < SERIES; s++)
    for (let j = 0; j < PER_SERIES; j++) all[s * PER_SERIES + j] = seriesValue(s, j);
  const series = Array.from({ length: SERIES }, (_, s) => all.subarray(s * PER_SERIES, (s + 1) * PER_SERIES));
  const anchor = time(5, () => {
    for (const x of series) singlePass(x);
  });
  let ours: Summary[] = [];
  const tOurs = time(5, () => {
    ours = series.map((x) => summarize(x));
  });
  console.log(`single pass per series ${fmt(anchor)} ms`);
  console.log(`summarize per series   ${fmt(tOurs)} ms ${ratio(tOurs, anchor)} the single pass`);

  const load = (count: number) => `CREATE TABLE bench_values AS SELECT s, ${SERIES_VALUE_SQL} AS v
    FROM generate_series(0, ${count - 1}) AS s, generate_series(0, ${PER_SERIES - 1}) AS j`;

  // PGlite (PostgreSQL 18, in-process). Loading 10 million rows into it takes minutes, so by default
  // it gets the first PGLITE_SERIES series (1,000) and is compared with ours on the same subset.
  {
    const count = Math.min(SERIES, PGLITE_SERIES);
    const subset = series.slice(0, count);
    let oursSubset: Summary[] = [];
    const tOursSubset = time(5, () => {
      oursSubset = subset.map((x) => summarize(x));
    });
    const db = await PGlite.create();
    const t0 = performance.now();
    await db.exec(load(count));
    const loaded = performance.now() - t0;
    let rows: GroupRow[] = [];
    const tPg = await timeAsync(3, async () => {
      rows = (await db.query<GroupRow>(GROUP_BY_SQL)).rows;
    });
    check(rows, oursSubset, 'PGlite');
    console.log(
      `PGlite GROUP BY (${count} series) ${fmt(tPg)} ms ${ratio(tPg, tOursSubset)} ours on the same series (${fmt(tOursSubset).trim()} ms; results agree; load ${loaded.toFixed(0)} ms not counted)`,
    );
    await db.close();
  }

  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL server        skipped: TEST_DATABASE_URL is not set');
    return;
  }
  const database = `arion_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    const target = new URL(url);
    target.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      const t0 = performance.now();
      await client.query(load(SERIES));
      await client.query('ANALYZE bench_values');
      const loaded = performance.now() - t0;
      const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]
        ?.server_version;
      let rows: GroupRow[] = [];
      const tPg = await timeAsync(3, async () => {
        rows = (await client.query<GroupRow>(GROUP_BY_SQL)).rows;
      });
      check(rows, ours, 'PostgreSQL');
      console.log(
        `PostgreSQL ${version} GROUP BY ${fmt(tPg)} ms ${ratio(tPg, tOurs)} ours (results agree; load ${loaded.toFixed(0)} ms not counted; target: at least 10x)`,
      );
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

async function timeAsync(runs: number, fn: () => Promise<void>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

part1();
await part2();
if (sink === 42) console.log('');
