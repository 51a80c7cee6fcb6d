import type { Direction } from '@arion-metrics/core';
import { stepColor } from './color-steps';

const STEPS = [0, 1, 2, 3, 4] as const;

/** The colour legend of heatmaps and maps: lowest value, the colour steps, highest value. */
export function StepLegend({
  low,
  high,
  direction,
}: {
  low: string;
  high: string;
  direction: Direction | undefined;
}) {
  return (
    <div className="arion-legend" style={{ alignItems: 'center' }}>
      <span>{low}</span>
      <span style={{ display: 'inline-flex', gap: 2 }} aria-hidden="true">
        {STEPS.map((step) => (
          <span
            key={step}
            className="arion-swatch"
            style={{ background: stepColor(step, direction), width: 18 }}
          />
        ))}
      </span>
      <span>{high}</span>
      {direction === 'higher_better' || direction === 'lower_better' ? (
        <span>· orange worse, blue better</span>
      ) : null}
    </div>
  );
}
