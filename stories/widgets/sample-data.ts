/** Deterministic sample data for the stories (no Math.random: screenshots must not change between runs). */
import type { CalendarDay, LineSeries } from '@arion-metrics/react';

const DAY = 86_400_000;
export const START = Date.UTC(2025, 0, 1);

/** A small deterministic pseudo-random generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `days` daily points around `base` with a gentle trend and noise. */
export function dailySeries(
  key: string,
  label: string,
  days: number,
  base: number,
  amplitude: number,
  seed: number,
): LineSeries {
  const rnd = seeded(seed);
  return {
    key,
    label,
    points: Array.from({ length: days }, (_, i) => ({
      x: START + i * DAY,
      y: Math.round((base + Math.sin(i / 9) * amplitude + (rnd() - 0.5) * amplitude) * 100) / 100,
    })),
  };
}

/** `n` points one minute apart as columns (for the large-data stories). */
export function largeSeries(n: number, seed: number): LineSeries {
  const rnd = seeded(seed);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let level = 200;
  for (let i = 0; i < n; i++) {
    xs[i] = START + i * 60_000;
    level += (rnd() - 0.5) * 6 - (level - 200) * 0.002;
    ys[i] = level + (rnd() < 0.0005 ? 400 * rnd() : 0);
  }
  return { key: 'latency', label: 'p95 latency', xs, ys };
}

/** A year of daily values. */
export function yearOfDays(seed: number): CalendarDay[] {
  const rnd = seeded(seed);
  return Array.from({ length: 365 }, (_, i) => {
    const date = new Date(START + i * DAY).toISOString().slice(0, 10);
    const weekday = new Date(START + i * DAY).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    return {
      date,
      value:
        rnd() < 0.03 ? null : Math.max(0, Math.round((weekend ? 2 : 8) + rnd() * 10 + Math.sin(i / 30) * 4)),
    };
  });
}
