/** One labelled tick of an axis: its position along the axis in pixels and its text. */
export interface AxisTick {
  readonly position: number;
  readonly label: string;
  /** The whole text when `label` was shortened; shown as the label's tooltip. */
  readonly fullLabel?: string | undefined;
}

/** Props of {@link ChartAxis}. */
export interface ChartAxisProps {
  /** `bottom`: labels under a horizontal axis; `left`: labels left of a vertical axis. */
  readonly orientation: 'bottom' | 'left';
  readonly ticks: readonly AxisTick[];
  /** Vertical offset of the axis (a bottom axis sits at the plot's inner height). */
  readonly top?: number;
  /** With a length: the axis line over that length and a tick mark at each label; without: labels only. */
  readonly lineLength?: number;
}

/** Length of a tick mark; labels keep this distance from the axis even without marks. */
const TICK_LENGTH = 8;
/** Font size of tick labels (px), as in `.arion-axis text`; baselines sit 3 px lower than the font size. */
const FONT_SIZE = 11;

/**
 * The tick labels (and optionally line and tick marks) of a chart axis, as plain SVG text.
 * The positions come from the widget's visx scale; drawing them here instead of with
 * `@visx/axis` keeps `@visx/text` and its CSS `calc()` evaluator (about 17 kB minified) out of
 * the line and bar chart bundles. Styled by `.arion-axis` in `styles.css`.
 */
export function ChartAxis({ orientation, ticks, top = 0, lineLength }: ChartAxisProps) {
  const bottom = orientation === 'bottom';
  return (
    <g className="arion-axis" transform={top === 0 ? undefined : `translate(0, ${top})`}>
      {lineLength === undefined ? null : (
        <line x1={0} y1={0} x2={bottom ? lineLength : 0} y2={bottom ? 0 : lineLength} />
      )}
      {ticks.map((t) => (
        <g key={`${t.position}:${t.label}`} className="arion-axis-tick">
          {lineLength === undefined ? null : bottom ? (
            <line x1={t.position} y1={0} x2={t.position} y2={TICK_LENGTH} />
          ) : (
            <line x1={0} y1={t.position} x2={-TICK_LENGTH} y2={t.position} />
          )}
          <text
            x={bottom ? t.position : -TICK_LENGTH - 4}
            y={bottom ? TICK_LENGTH + FONT_SIZE + 3 : t.position + 3}
            textAnchor={bottom ? 'middle' : 'end'}
            style={{ fill: 'var(--arion-axis)', fontSize: FONT_SIZE }}
          >
            {t.fullLabel === undefined ? null : <title>{t.fullLabel}</title>}
            {t.label}
          </text>
        </g>
      ))}
    </g>
  );
}
