/**
 * The SVG pattern of cells and areas without data: diagonal hatching on the surface colour
 * (`--arion-no-data-hatch` on `--arion-no-data`), unlike any colour of a scale. Put it once in
 * the `<svg>` and fill with `noDataFill(id)`; outline such cells with `.arion-no-data`.
 */
export function NoDataPattern({ id }: { readonly id: string }) {
  return (
    <defs>
      <pattern id={id} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width={6} height={6} style={{ fill: 'var(--arion-no-data)' }} />
        <line
          x1={0}
          y1={0}
          x2={0}
          y2={6}
          style={{ stroke: 'var(--arion-no-data-hatch)', strokeWidth: 1.5 }}
        />
      </pattern>
    </defs>
  );
}
