import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usePglite } from '../testing/pglite-reference';
import { testSize } from '../testing/test-size';
import { studentTQuantile } from './distributions';
import { slopeConfidenceInterval } from './slope-interval';

const db = usePglite();

/** Slope and its standard error √(SSE/(n−2)/Sxx) computed by PostgreSQL in NUMERIC from the residuals. */
const REFERENCE_SQL = `
WITH d AS (SELECT x::numeric AS x, y::numeric AS y FROM unnest($1::float8[], $2::float8[]) AS t(x, y)),
m AS (SELECT avg(x) AS mx, avg(y) AS my, count(*) AS n FROM d),
s AS (SELECT sum((x - mx) * (y - my)) / sum((x - mx) * (x - mx)) AS b, sum((x - mx) * (x - mx)) AS sxx, mx, my, n
      FROM d, m GROUP BY mx, my, n)
SELECT b::float8 AS slope, sqrt(sum(((y - my) - b * (x - mx)) ^ 2) / (n - 2) / sxx)::float8 AS se
FROM d, s GROUP BY b, sxx, n`;

describe('slopeConfidenceInterval', () => {
  it('is the slope plus or minus t(0.975, n−2) times the standard error PostgreSQL computes in NUMERIC', async () => {
    const series = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(series, async (ys) => {
        const xs = ys.map((_, i) => i * 1.5 + 0.25);
        const { rows } = await db().query<{ slope: number; se: number }>(REFERENCE_SQL, [xs, ys]);
        const row = rows[0]!;
        const ours = slopeConfidenceInterval(xs.map((x, i) => [x, ys[i]!] as const))!;
        const margin = studentTQuantile(0.975, ys.length - 2) * row.se;
        const scale = Math.max(1, Math.abs(row.slope) + margin);
        expect(Math.abs(ours.estimate - row.slope) / scale).toBeLessThan(1e-12);
        expect(Math.abs(ours.lower - (row.slope - margin)) / scale).toBeLessThan(1e-12);
        expect(Math.abs(ours.upper - (row.slope + margin)) / scale).toBeLessThan(1e-12);
        expect(ours.confidence).toBe(0.95);
      }),
      { numRuns: testSize(60) },
    );
  });

  it('uses the closed-form t quantile tan(π(p − ½)) with three points (one degree of freedom)', () => {
    const ours = slopeConfidenceInterval(
      [
        [0, 0],
        [1, 2],
        [2, 1],
      ],
      { confidence: 0.9 },
    )!;
    // slope 0.5, intercept 0.5, residuals −0.5, 1, −0.5: SSE = 1.5, Sxx = 2, se = √(1.5 / 1 / 2)
    const margin = Math.tan(Math.PI * (0.95 - 0.5)) * Math.sqrt(1.5 / 2);
    expect(ours.estimate).toBeCloseTo(0.5, 14);
    expect(ours.lower).toBeCloseTo(0.5 - margin, 12);
    expect(ours.upper).toBeCloseTo(0.5 + margin, 12);
  });

  it('has zero width for points exactly on a line, and reads data through accessors', () => {
    const data = [0, 1, 2, 3].map((t) => ({ t, v: 1 + 2 * t }));
    expect(
      slopeConfidenceInterval(
        data,
        undefined,
        (d) => d.t,
        (d) => d.v,
      ),
    ).toEqual({
      lower: 2,
      upper: 2,
      estimate: 2,
      confidence: 0.95,
    });
  });

  it('is undefined below three pairs or when every x is equal, skipping pairs with a missing side', () => {
    expect(
      slopeConfidenceInterval([
        [0, 1],
        [1, 2],
        [2, null],
      ]),
    ).toBeUndefined();
    expect(
      slopeConfidenceInterval([
        [1, 1],
        [1, 2],
        [1, 3],
      ]),
    ).toBeUndefined();
  });

  it('refuses a confidence outside (0, 1), naming it', () => {
    expect(() =>
      slopeConfidenceInterval(
        [
          [0, 1],
          [1, 2],
          [2, 4],
        ],
        { confidence: 1 },
      ),
    ).toThrow(/slopeConfidenceInterval.*confidence.*1/);
  });
});
