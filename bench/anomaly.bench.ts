/**
 * Anomaly alerting on labelled series: windows detected and false alert episodes per 1,000 points
 * outside the windows, for the `auto` detector next to two anchors run on the same series through
 * the same alert state machine (`transitionAlert`, hourly checks, `for_evaluations` 1, auto-resolve):
 *
 * - today's default detector: the `anomaly` condition with `rolling_mad` defaults (median and
 *   reweighted MAD of the last 60 points, sensitivity 3.5, recovery 0.75 · 3.5), evaluated by the
 *   state machine itself on the last 60 values;
 * - a plain rolling z-score: mean and sd of the last 60 values, met while |z| ≥ 3;
 * - `auto` (`createAdaptiveAnomalyDetector`, defaults).
 *
 * The anchors and `auto` are streamed point by point (each sees only the past); for the z-score and
 * `auto` the met/clear of each point reaches the state machine as a threshold condition on a 0/1
 * value (evaluating `auto` through the condition re-runs it over the whole history at every point,
 * O(n²); the thresholds tests check that both give the same verdicts). Alert episodes are the
 * state machine's history rows: opened by `insert_history`, closed by `resolved_at`.
 *
 * Series from `generateLabelledSeries` (packages/core/src/testing/anomaly-series.ts): the defaults
 * were tuned on TUNING_SEEDS; the figures that count are on REPORTING_SEEDS.
 *
 *   pnpm bench anomaly          # SEEDS=tuning for the tuning set, SEEDS=both for both
 */
import { cpus, loadavg } from 'node:os';
import {
  type AlertRule,
  type AlertState,
  type ConditionConfig,
  type ConditionInput,
  createAdaptiveAnomalyDetector,
  initialAlertState,
  transitionAlert,
} from '../packages/core/src/index';
import {
  generateLabelledSeries,
  type LabelledSeries,
  REPORTING_SEEDS,
  scoreEpisodes,
  TUNING_SEEDS,
  WARM_UP,
} from '../packages/core/src/testing/anomaly-series';

const WINDOW = 60;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);

function rule(condition: ConditionConfig): AlertRule {
  return {
    id: 'bench',
    alert_name: 'bench',
    metric_id: 'm',
    alert_type: condition.type === 'anomaly' ? 'anomaly' : 'threshold',
    condition_config: condition,
    severity: 'warning',
    is_active: true,
    check_frequency_minutes: 60,
    cooldown_minutes: 0,
    notification_channels: [],
    recipient_users: null,
    recipient_roles: null,
    escalation_config: null,
    auto_resolve: true,
  };
}

const input = (value: number, at: Date, history: readonly number[]): ConditionInput => ({
  metric: {
    direction: 'higher_better',
    threshold_config: null,
    target_value: null,
    refresh_frequency: 'hourly',
  },
  latest: {
    metric_value: value,
    calculation_timestamp: at,
    sample_size: null,
    data_quality_score: null,
    target_value: null,
    calculation_status: 'success',
  },
  history,
});

/** Runs the state machine over one series; `evaluateAt(i, past)` gives the condition input's value and history. */
function episodesOf(
  series: LabelledSeries,
  r: AlertRule,
  evaluateAt: (i: number, past: readonly number[]) => { value: number; history: readonly number[] } | null,
): { start: number; end: number }[] {
  let state: AlertState = initialAlertState();
  const episodes: { start: number; end: number }[] = [];
  let open = -1;
  const past: number[] = [];
  for (let i = 0; i < series.values.length; i++) {
    const x = series.values[i]!;
    if (Number.isNaN(x)) continue; // a missing point: no calculation, no evaluation
    const what = evaluateAt(i, past);
    past.push(x);
    if (what === null) continue;
    const now = new Date(T0 + i * HOUR);
    const result = transitionAlert(
      r,
      state,
      { type: 'evaluate', input: input(what.value, now, what.history) },
      now,
    );
    state = result.state;
    for (const e of result.effects) {
      if (e.type === 'insert_history') open = i;
      if (e.type === 'update_history' && e.set.resolved_at !== undefined && open >= 0) {
        episodes.push({ start: open, end: i - 1 });
        open = -1;
      }
    }
  }
  if (open >= 0) episodes.push({ start: open, end: series.values.length - 1 });
  return episodes;
}

const flag = rule({ type: 'threshold', operator: '>=', value: 1 });

const detectors: Record<string, (s: LabelledSeries) => { start: number; end: number }[]> = {
  "today's rolling_mad": (s) =>
    episodesOf(s, rule({ type: 'anomaly' }), (i, past) =>
      i < WARM_UP ? null : { value: s.values[i]!, history: past.slice(-WINDOW) },
    ),
  'rolling z-score (60 points, 3 sd)': (s) =>
    episodesOf(s, flag, (i, past) => {
      if (i < WARM_UP) return null;
      const w = past.slice(-WINDOW);
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (w.length - 1));
      return { value: Math.abs(s.values[i]! - mean) >= 3 * sd ? 1 : 0, history: [] };
    }),
  auto: (s) => {
    const detector = createAdaptiveAnomalyDetector();
    const met = Array.from(s.values, (x) => detector.push(x).met);
    return episodesOf(s, flag, (i) => (i < WARM_UP ? null : { value: met[i] ? 1 : 0, history: [] }));
  },
};

function report(label: string, seeds: readonly number[]): void {
  const series = seeds.map((seed) => generateLabelledSeries(seed));
  const points = series.reduce((n, s) => n + s.values.length, 0);
  console.log(
    `\n${label}: ${series.length} series, ${points} points, ${series.reduce((n, s) => n + s.windows.length, 0)} labelled windows`,
  );
  console.log(
    '| detector | windows detected | spikes | dips | level shifts | false episodes | per 1,000 points outside windows | seconds |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, run] of Object.entries(detectors)) {
    const started = performance.now();
    let windows = 0;
    let detected = 0;
    let falseEpisodes = 0;
    let outside = 0;
    const kinds: Record<string, [number, number]> = { spike: [0, 0], dip: [0, 0], level_shift: [0, 0] };
    for (const s of series) {
      const episodes = run(s);
      const score = scoreEpisodes(s, episodes);
      windows += score.windows;
      detected += score.detected;
      falseEpisodes += score.falseEpisodes;
      outside += score.pointsOutside;
      for (const w of s.windows) {
        const k = kinds[w.kind]!;
        k[0]++;
        if (scoreEpisodes({ ...s, windows: [w] }, episodes).detected === 1) k[1]++;
      }
    }
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}% (${a}/${b})`;
    const kind = (k: string) => pct(kinds[k]![1], kinds[k]![0]);
    console.log(
      `| ${name} | ${pct(detected, windows)} | ${kind('spike')} | ${kind('dip')} | ${kind('level_shift')} | ${falseEpisodes} | ${((1000 * falseEpisodes) / outside).toFixed(2)} | ${((performance.now() - started) / 1000).toFixed(1)} |`,
    );
  }
}

const which = process.env.SEEDS ?? 'reporting';
console.log(
  `anomaly bench, ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  'target on the reporting seeds: at least 80% of windows detected, at most 2 false episodes per 1,000 points',
);
if (which === 'tuning' || which === 'both') report('tuning seeds (1–30)', TUNING_SEEDS);
if (which === 'reporting' || which === 'both') report('reporting seeds (1001–1060)', REPORTING_SEEDS);
