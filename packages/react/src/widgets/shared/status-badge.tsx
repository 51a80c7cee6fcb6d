import type { ThresholdStatus } from '@arion-metrics/core';
import { STATUS_ICONS, STATUS_LABELS } from '../../theme/palette';

/** A status pill with an icon and a word (never colour alone). */
export function StatusBadge({
  status,
  label,
}: {
  readonly status: ThresholdStatus;
  readonly label?: string;
}) {
  return (
    <span className={`arion-status arion-status-${status}`} data-status={status}>
      <span aria-hidden="true">{STATUS_ICONS[status]}</span>
      {label ?? STATUS_LABELS[status]}
    </span>
  );
}
