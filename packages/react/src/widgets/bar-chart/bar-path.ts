/** The side of a bar that is its outer end (away from the baseline), or `none` for a square bar. */
export type RoundedSide = 'top' | 'bottom' | 'left' | 'right' | 'none';

/**
 * SVG path of a `width × height` bar at (x, y) whose two corners on `side` are rounded by
 * `radius` (clamped to half the bar's smaller dimension); the other end stays square so the bar
 * sits flat on its baseline and stacked segments meet without notches. Corners are quadratic
 * curves whose control point is the corner itself, so every number pair of the path lies inside
 * the bar's box.
 * @example barPath(0, 0, 20, 50, 3, 'top') // 'M0,3Q0,0 3,0L17,0Q20,0 20,3L20,50L0,50Z'
 */
export function barPath(
  x: number,
  y: number,
  width: number,
  height: number,
  radius: number,
  side: RoundedSide,
): string {
  const r = Math.max(0, Math.min(radius, width / 2, height / 2));
  const corners: readonly [number, number][] = [
    [x, y],
    [x + width, y],
    [x + width, y + height],
    [x, y + height],
  ];
  const rounded: Readonly<Record<RoundedSide, readonly number[]>> = {
    top: [0, 1],
    right: [1, 2],
    bottom: [2, 3],
    left: [3, 0],
    none: [],
  };
  const n = (v: number) => String(Math.round(v * 100) / 100);
  const pt = (p: readonly [number, number]) => `${n(p[0])},${n(p[1])}`;
  const parts: string[] = [];
  for (let i = 0; i < 4; i++) {
    const corner = corners[i]!;
    if (r > 0 && rounded[side].includes(i)) {
      const prev = corners[(i + 3) % 4]!;
      const next = corners[(i + 1) % 4]!;
      const towards = (from: readonly [number, number], to: readonly [number, number]) => {
        const len = Math.hypot(to[0] - from[0], to[1] - from[1]) || 1;
        return [from[0] + ((to[0] - from[0]) / len) * r, from[1] + ((to[1] - from[1]) / len) * r] as const;
      };
      parts.push(`${parts.length === 0 ? 'M' : 'L'}${pt(towards(corner, prev))}`);
      parts.push(`Q${pt(corner)} ${pt(towards(corner, next))}`);
    } else {
      parts.push(`${parts.length === 0 ? 'M' : 'L'}${pt(corner)}`);
    }
  }
  return `${parts.join('')}Z`;
}
