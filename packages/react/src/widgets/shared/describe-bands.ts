import type { ThresholdBand } from '@arion-metrics/core';
import { STATUS_LABELS } from '../../theme/palette';

/** Bands in words, e.g. "Critical below 80%; Warning 80% to 90%; On track from 90%". */
export function describeBands(bands: readonly ThresholdBand[], format: (v: number) => string): string {
  return bands
    .map((b) => {
      const label = STATUS_LABELS[b.status];
      if (b.from === null && b.to === null) return `${label} everywhere`;
      if (b.from === null) return `${label} below ${format(b.to!)}`;
      if (b.to === null) return `${label} from ${format(b.from)}`;
      return `${label} ${format(b.from)} to ${format(b.to)}`;
    })
    .join('; ');
}
