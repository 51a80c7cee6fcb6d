/**
 * Deterministic synthetic source records for the demo: what a host's vulnerability scanner, risk
 * register, ticketing system and incident log would deliver, per business unit and month. Every
 * (metric, unit, month) draws from its own seeded generator, so the data does not depend on the
 * order of the calls. Each unit has a profile; Operations gets worse over the year, so that the
 * report and the alerts have something to say.
 */
import type { Observation } from '@arion-metrics/core';
import type { DemoMetricKey } from './demo-metrics';
import { type Random, seededRandom } from './random';

/** The records of one metric, unit and month, with how many records were expected. */
export interface SyntheticBatch {
  readonly observations: readonly Observation[];
  /** Records expected (assets that should have been scanned); null when not known. */
  readonly expectedCount: number | null;
}

/** How one business unit behaves over the year (first and last month; linear in between). */
interface UnitProfile {
  /** Assets under patch management. */
  readonly assets: number;
  /** Patch compliance (%) in the first and the last month. */
  readonly patch: readonly [number, number];
  /** Expected open critical risks at month end, first and last month. */
  readonly risks: readonly [number, number];
  /** Mean remediation time in hours, first and last month. */
  readonly mttrHours: readonly [number, number];
  /** Incidents per 1,000 endpoints per month, first and last month. */
  readonly incidentRate: readonly [number, number];
  /** Endpoints (thousands) of each site of the unit. */
  readonly siteEndpoints: readonly number[];
}

/** One profile per business unit, in the order of `BUSINESS_UNITS`. */
const PROFILES: readonly UnitProfile[] = [
  {
    assets: 400,
    patch: [95.5, 97.5],
    risks: [5, 4],
    mttrHours: [64, 56],
    incidentRate: [1.3, 1.1],
    siteEndpoints: [1.2, 1.1, 0.9],
  },
  {
    assets: 250,
    patch: [93, 95.5],
    risks: [6, 5],
    mttrHours: [85, 74],
    incidentRate: [1.8, 1.5],
    siteEndpoints: [0.8, 0.7, 0.6],
  },
  {
    assets: 150,
    patch: [97, 98],
    risks: [3, 3],
    mttrHours: [50, 48],
    incidentRate: [0.9, 0.8],
    siteEndpoints: [0.6, 0.4],
  },
  {
    assets: 300,
    patch: [94, 87],
    risks: [5, 10],
    mttrHours: [88, 118],
    incidentRate: [1.9, 2.9],
    siteEndpoints: [1.0, 0.9, 0.7],
  },
];

/** Number of business units the generator has profiles for. */
export const SYNTHETIC_UNIT_COUNT = PROFILES.length;

/** A different random stream per metric. */
const METRIC_SEEDS: Readonly<Record<Exclude<DemoMetricKey, 'security_score'>, number>> = {
  patch_compliance: 1,
  open_critical_risks: 2,
  mean_time_to_remediate: 3,
  incident_rate: 4,
};

/** Milliseconds per hour (duration records are in milliseconds). */
const HOUR_MS = 3_600_000;

/** A Poisson-distributed count with mean `lambda`. */
function poisson(rng: Random, lambda: number): number {
  // Knuth's method; lambda stays small here.
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/**
 * The source records of a measured metric for business unit `unit` (index into the profiles) in
 * month `month` of `months`. `seed` varies the whole data set (the demo uses a fixed one).
 */
export function syntheticBatch(
  metric: Exclude<DemoMetricKey, 'security_score'>,
  unit: number,
  month: number,
  months: number,
  seed: number,
): SyntheticBatch {
  const profile = PROFILES[unit];
  if (profile === undefined) {
    throw new RangeError(`syntheticBatch: unit is ${unit}; allowed: 0 to ${PROFILES.length - 1}`);
  }
  const rng = seededRandom(seed * 1_000_003 + METRIC_SEEDS[metric] * 10_007 + unit * 101 + month);
  const along = months > 1 ? month / (months - 1) : 1;
  const level = ([first, last]: readonly [number, number]) => first + (last - first) * along;

  switch (metric) {
    case 'patch_compliance': {
      // One yes/no record per asset; about 2% of the scans failed (a record without a value).
      const p = Math.min(1, Math.max(0, rng.normal(level(profile.patch), 0.8) / 100));
      const observations = Array.from({ length: profile.assets }, () =>
        rng.chance(0.02) ? { value: null } : { value: rng.chance(p) ? 1 : 0 },
      );
      return { observations, expectedCount: profile.assets };
    }
    case 'open_critical_risks': {
      // Five risk registers per unit, each reporting its open critical risks at month end.
      const registers = 5;
      const mean = level(profile.risks) / registers;
      return {
        observations: Array.from({ length: registers }, () => ({ value: poisson(rng, mean) })),
        expectedCount: registers,
      };
    }
    case 'mean_time_to_remediate': {
      // Each closed finding: its time to fix in milliseconds, log-normally spread around the mean.
      const sigma = 0.45;
      const mu = Math.log(level(profile.mttrHours)) - (sigma * sigma) / 2;
      const closed = rng.integer(25, 45);
      return {
        observations: Array.from({ length: closed }, () => ({
          value: Math.round(Math.exp(rng.normal(mu, sigma)) * HOUR_MS),
        })),
        expectedCount: null,
      };
    }
    case 'incident_rate': {
      // Per site: incidents in the month over the site's endpoints in thousands.
      const rate = level(profile.incidentRate);
      return {
        observations: profile.siteEndpoints.map((k) => ({ value: poisson(rng, rate * k), denominator: k })),
        expectedCount: profile.siteEndpoints.length,
      };
    }
  }
}
