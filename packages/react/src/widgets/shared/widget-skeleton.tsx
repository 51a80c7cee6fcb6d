/** Shapes of the loading skeletons, one per kind of widget. */
export const SKELETON_SHAPES = ['bars', 'line', 'donut', 'gauge', 'grid', 'map', 'rows', 'card'] as const;
/** One of {@link SKELETON_SHAPES}. */
export type SkeletonShape = (typeof SKELETON_SHAPES)[number];

const BAR_HEIGHTS = [0.55, 0.8, 0.4, 0.95, 0.65, 0.3, 0.75];

/**
 * A loading placeholder in the outline of the widget (bars, a line, a ring…), filling its
 * parent, which {@link WidgetFrame} sizes to the widget's final height.
 */
export function WidgetSkeleton({ shape }: { readonly shape: SkeletonShape }) {
  return (
    <div className={`arion-skeleton-shape arion-skeleton-${shape}`} data-skeleton={shape} aria-hidden="true">
      {shape === 'bars' ? (
        <svg aria-hidden="true" width="100%" height="100%" viewBox="0 0 100 100" preserveAspectRatio="none">
          {BAR_HEIGHTS.map((h, i) => (
            <rect key={h} x={6 + i * 13.5} y={100 - h * 100} width={8} height={h * 100} rx={1} />
          ))}
        </svg>
      ) : shape === 'line' ? (
        <svg aria-hidden="true" width="100%" height="100%" viewBox="0 0 100 100" preserveAspectRatio="none">
          <path
            d="M0,70 L15,55 L30,62 L45,35 L60,45 L75,25 L100,32"
            vectorEffect="non-scaling-stroke"
            style={{ fill: 'none', strokeWidth: 3 }}
          />
        </svg>
      ) : shape === 'donut' ? (
        <svg aria-hidden="true" width="100%" height="100%" viewBox="0 0 100 100">
          <circle cx={50} cy={50} r={38} style={{ fill: 'none', strokeWidth: 16 }} />
        </svg>
      ) : shape === 'gauge' ? (
        <svg aria-hidden="true" width="100%" height="100%" viewBox="0 0 100 75">
          <path
            d="M14,68 A40,40 0 1,1 86,68"
            style={{ fill: 'none', strokeWidth: 12, strokeLinecap: 'round' }}
          />
        </svg>
      ) : shape === 'rows' || shape === 'card' ? (
        <div className="arion-skeleton-lines">
          {(shape === 'rows' ? [1, 2, 3, 4, 5] : [1, 2, 3]).map((i) => (
            <span key={i} className="arion-skeleton-line" />
          ))}
        </div>
      ) : (
        <div className="arion-skeleton-block" />
      )}
    </div>
  );
}

/** A skeleton legend: one line of the legend's height, so the footer keeps its place while loading. */
export function SkeletonLegend() {
  return (
    <div className="arion-legend arion-skeleton-legend" aria-hidden="true">
      <span className="arion-skeleton-text">&nbsp;</span>
    </div>
  );
}
