import { COLOR_STEPS, type ColorScale, colorOfStep } from '../../theme/palette';

const STEPS = Array.from({ length: COLOR_STEPS }, (_, i) => i);

/**
 * The colour legend of heatmaps and maps: lowest value, the colour steps, highest value, what a
 * diverging scale's sides mean, and the no-data swatch when some cells have no value.
 */
export function StepLegend({
  low,
  high,
  scale,
  midpoint,
  showNoData,
}: {
  readonly low: string;
  readonly high: string;
  readonly scale: ColorScale;
  /** The formatted midpoint of a diverging scale. */
  readonly midpoint?: string | undefined;
  readonly showNoData?: boolean | undefined;
}) {
  return (
    <div className="arion-legend" style={{ alignItems: 'center' }}>
      <span>{low}</span>
      <span style={{ display: 'inline-flex', gap: 2 }} aria-hidden="true">
        {STEPS.map((step) => (
          <span
            key={step}
            className="arion-swatch"
            style={{ background: colorOfStep(step, scale), width: 18 }}
          />
        ))}
      </span>
      <span>{high}</span>
      {scale.kind === 'diverging' ? (
        <span>
          · centred on {midpoint}: {scale.higherIsBetter ? 'blue above is better' : 'orange above is worse'}
        </span>
      ) : null}
      {showNoData ? (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span className="arion-swatch arion-no-data-swatch" aria-hidden="true" />
          No data
        </span>
      ) : null}
    </div>
  );
}
