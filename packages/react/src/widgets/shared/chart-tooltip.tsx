import type { ReactNode } from 'react';

/** Props of {@link ChartTooltip}. */
export interface ChartTooltipProps {
  /** Anchor x in px, relative to the plot. */
  readonly x: number;
  /** Anchor y in px, relative to the plot. */
  readonly y: number;
  /** Width of the plot, to flip the tooltip to the left near the right edge. */
  readonly containerWidth: number;
  /** Bold first line. */
  readonly title?: ReactNode;
  /** Content. */
  readonly children: ReactNode;
}

/** The tooltip of a chart's active point (hovered or keyboard-focused); `role="tooltip"`. */
export function ChartTooltip({ x, y, containerWidth, title, children }: ChartTooltipProps) {
  const flip = x > containerWidth * 0.6;
  return (
    <div
      className="arion-tooltip"
      role="tooltip"
      style={{
        left: 0,
        top: 0,
        transform: `translate(${flip ? `calc(${Math.round(x)}px - 100% - 12px)` : `${Math.round(x + 12)}px`}, ${Math.round(Math.max(0, y - 12))}px)`,
      }}
    >
      {title ? <div className="arion-tooltip-title">{title}</div> : null}
      {children}
    </div>
  );
}

/** One line of a tooltip: a colour swatch, a label and a value. */
export function TooltipRow({ color, label, value }: { color?: string; label: ReactNode; value: ReactNode }) {
  return (
    <div className="arion-tooltip-row">
      {color ? <span className="arion-swatch" style={{ background: color }} /> : null}
      <span>{label}</span>
      <strong style={{ marginLeft: 'auto', paddingLeft: 8 }}>{value}</strong>
    </div>
  );
}
