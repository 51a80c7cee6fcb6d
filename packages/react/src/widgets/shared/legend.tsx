import type { ReactNode } from 'react';

/** One entry of a {@link Legend}. */
export interface LegendItem {
  readonly key: string;
  readonly label: ReactNode;
  readonly color: string;
  /** Optional marker shape: a square (default) or a dashed line (targets). */
  readonly shape?: 'square' | 'dash';
}

/** A list of colour swatches with labels, shown under a chart. */
export function Legend({ items, label }: { readonly items: readonly LegendItem[]; readonly label: string }) {
  return (
    <ul className="arion-legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          {item.shape === 'dash' ? (
            <span
              className="arion-swatch"
              aria-hidden="true"
              style={{ height: 0, borderTop: `2px dashed ${item.color}`, borderRadius: 0, width: 14 }}
            />
          ) : (
            <span className="arion-swatch" aria-hidden="true" style={{ background: item.color }} />
          )}
          {item.label}
        </li>
      ))}
    </ul>
  );
}
