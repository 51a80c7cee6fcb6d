/**
 * The demo's report: a few aligned plain-text tables made from the summary, every value written by
 * core's formatters (`formatMetricValue`, `formatDelta`) and every status by core's threshold rule
 * (`classifyValue`), so the text says what a widget would show.
 */
import {
  classifyValue,
  describeDelta,
  formatDelta,
  formatMetricValue,
  type MetricCalculationRow,
  type MetricDefinitionRow,
} from '@arion-metrics/core';
import type { DemoSummary } from './run-demo';

/** Left-aligns `text` in a column of `width` characters. */
const pad = (text: string, width: number) => text.padEnd(width);
/** Right-aligns `text` in a column of `width` characters. */
const padLeft = (text: string, width: number) => text.padStart(width);
/** What an empty cell shows. */
const DASH = '—';

/** The formatter options of a metric: its unit of measure and type. */
function formatOf(definition: MetricDefinitionRow) {
  return { unit: definition.unit_of_measure, metricType: definition.metric_type };
}

/** `2026-07-01` → `2026 Q3` (calendar quarters: the demo has no fiscal year offset). */
function quarterLabel(startDate: string): string {
  const [year, month] = startDate.split('-').map(Number) as [number, number];
  return `${year} Q${Math.floor((month - 1) / 3) + 1}`;
}

/** `2026-07-01` → `2026-07`. */
function monthLabel(startDate: string): string {
  return startDate.slice(0, 7);
}

/** Value, status, change, rank and quality of one stored calculation, as table cells. */
function latestCells(row: MetricCalculationRow | undefined, definition: MetricDefinitionRow): string[] {
  if (row === undefined) return [DASH, DASH, DASH, DASH, DASH];
  if (row.calculation_status === 'error') return ['error', DASH, DASH, DASH, DASH];
  const format = formatOf(definition);
  const status = classifyValue(row.metric_value, {
    thresholdConfig: definition.threshold_config,
    targetValue: row.target_value ?? definition.target_value,
    direction: definition.direction,
  });
  const change =
    row.previous_value === null
      ? DASH
      : (() => {
          const delta = describeDelta({
            value: row.metric_value,
            previousValue: row.previous_value,
            direction: definition.direction,
            targetValue: row.target_value,
            changePercentage: row.change_percentage,
          });
          return `${formatDelta(delta, format)} ${delta.sentiment}`;
        })();
  return [
    formatMetricValue(row.metric_value, format),
    status,
    change,
    row.percentile_rank === null ? DASH : String(row.percentile_rank),
    row.data_quality_score === null ? DASH : row.data_quality_score.toFixed(2),
  ];
}

/** The report as lines of text (about 70). */
export function renderReport(summary: DemoSummary, context: { readonly database: string }): string[] {
  const lines: string[] = [];
  const { organization: org, months, quarters } = summary;
  const first = months[0]!;
  const last = months.at(-1)!;
  const users = Object.values(org.users);

  lines.push(`Arion Metrics demo — ${org.name}, periods in ${org.timeZone}`);
  lines.push(
    `Database     ${context.database}; migrations ${
      summary.migrationsApplied.length === 0
        ? 'up to date'
        : `applied ${summary.migrationsApplied.join(', ')}`
    }`,
  );
  lines.push(
    `Organization ${
      org.replaced === null
        ? 'created (no demo organization from an earlier run)'
        : `replaced the demo organization of the previous run (created ${org.replaced.createdAt.toISOString()}) with a fresh one`
    }`,
  );
  lines.push(
    `Users        ${users.map((u) => `${u.key} (${u.roleNames.join(', ') || 'no role'})`).join(', ')}`,
  );
  const active = summary.metrics.filter((m) => m.approval === 'approved' && m.definition.is_active).length;
  lines.push(
    `Metrics      ${summary.metrics.length} defined by alice; approved by alice (owner) and bob (methodology): ` +
      `${active} of ${summary.metrics.length} approved and active`,
  );
  lines.push(
    `Stored       ${summary.calculations.written} monthly calculations (${monthLabel(first.startDate)} to ${monthLabel(
      last.startDate,
    )}, ${summary.calculations.statements} statements), ${summary.snapshots.written} quarterly snapshots`,
  );
  lines.push('');

  const unitWidth = Math.max(...summary.units.map((u) => u.name.length)) + 4;
  const widths = [unitWidth, 14, 10, 22, 6, 9];
  const header = ['', 'value', 'status', 'change', 'rank', 'quality'];
  lines.push(
    `Latest month (${monthLabel(last.startDate)}) per business unit and for all units together ` +
      '(rank: percentile among the units, 100 = best; quality: data quality 0-1)',
  );
  lines.push(header.map((h, i) => (i >= 4 ? padLeft(h, widths[i]!) : pad(h, widths[i]!))).join(''));
  for (const metric of summary.metrics) {
    const d = metric.definition;
    const target =
      d.target_value === null ? '' : `, target ${formatMetricValue(d.target_value, formatOf(d))}`;
    lines.push(`${d.display_name} (${d.metric_type}, ${d.direction.replace('_', ' ')}${target})`);
    for (const unit of summary.units) {
      const row = summary.latest.find(
        (r) =>
          r.metric_id === metric.id && r.aggregation_level === unit.level && r.aggregation_id === unit.id,
      );
      const cells = [`  ${unit.name}`, ...latestCells(row, d)];
      lines.push(
        cells
          .map((c, i) => (i >= 4 ? padLeft(c, widths[i]!) : pad(c, widths[i]!)))
          .join('')
          .trimEnd(),
      );
    }
  }
  lines.push('');

  lines.push(`Quarterly snapshots for the organization (change: last quarter over the one before)`);
  const qWidth = 13;
  lines.push(
    `${pad('', 28)}${quarters.map((q) => padLeft(quarterLabel(q.startDate), qWidth)).join('')}   change`,
  );
  for (const metric of summary.metrics) {
    const rows = summary.quarterly.get(metric.id) ?? [];
    const cells = quarters.map((q) => {
      const row = rows.find((r) => r.snapshot_date === q.startDate);
      return padLeft(
        row === undefined ? DASH : formatMetricValue(row.metric_value, formatOf(metric.definition)),
        qWidth,
      );
    });
    const lastRow = rows.at(-1);
    const qoq = lastRow?.quarter_over_quarter_change;
    lines.push(
      pad(metric.definition.display_name, 28) +
        cells.join('') +
        padLeft(qoq === null || qoq === undefined ? DASH : `${qoq > 0 ? '+' : ''}${qoq.toFixed(1)}%`, 9),
    );
  }
  lines.push('');

  lines.push(`Alerts evaluated on the organization's latest values`);
  for (const alert of summary.alerts) {
    const mark = alert.fired ? 'FIRED' : alert.verdict;
    lines.push(`  ${pad(mark, 8)}${pad(alert.severity, 9)}${alert.alertName}: ${alert.reason}`);
  }
  const open = summary.unacknowledged;
  lines.push(
    `  Unacknowledged: ${
      open.length === 0
        ? 'none'
        : open
            .map((t) => {
              const metric = summary.metrics.find((m) => m.id === t.metric_id)!;
              return `${t.alert_name} (${t.severity_at_trigger}, ${formatMetricValue(t.metric_value, formatOf(metric.definition))})`;
            })
            .join('; ')
    }`,
  );
  lines.push('');

  const board = summary.dashboard;
  lines.push(`Dashboard "${board.name}" (version ${board.version}), owned by alice`);
  for (const widget of board.widgets) lines.push(`  widget  ${pad(widget.type, 13)}${widget.name}`);
  lines.push(`  shared  ${board.grants.map((g) => `${g.grantee} (${g.level})`).join(', ')}`);
  for (const access of board.access) {
    lines.push(
      `  user    ${pad(access.user, 7)}${pad(access.permission ?? 'no access', 11)}sees ${access.visibleMetrics} of ${
        summary.metrics.length
      } metrics`,
    );
  }
  lines.push('');
  lines.push(
    `Done in ${(summary.elapsedMs / 1000).toFixed(1)} s. Run it again: the demo organization is replaced.`,
  );
  return lines;
}
