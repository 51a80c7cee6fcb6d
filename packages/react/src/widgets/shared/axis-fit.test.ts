import { describe, expect, it } from 'vitest';
import { AXIS_CHAR_WIDTH, fitCategoryLabels, thinTicks } from './axis-fit';

const ticks = ['Finance', 'IT', 'Human resources', 'Sales', 'Legal', 'Operations'].map((label, i) => ({
  position: i * 50,
  label,
}));

describe('fitting axis labels', () => {
  it('cuts labels wider than their slot with an ellipsis and keeps the full text for the tooltip', () => {
    const fitted = fitCategoryLabels(ticks, 50);
    for (const t of fitted) expect(t.label.length * AXIS_CHAR_WIDTH).toBeLessThanOrEqual(50);
    expect(fitted[2]).toEqual({ position: 100, label: 'Human …', fullLabel: 'Human resources' });
    expect(fitted[1]).toEqual({ position: 50, label: 'IT' });
  });

  it('keeps every k-th label when even a few characters do not fit, so none overlap', () => {
    const fitted = fitCategoryLabels(ticks, 14);
    expect(fitted.length).toBeLessThan(ticks.length);
    for (let i = 1; i < fitted.length; i++) {
      const room = fitted[i]!.position - fitted[i - 1]!.position;
      expect(fitted[i - 1]!.label.length * AXIS_CHAR_WIDTH).toBeLessThanOrEqual(room);
    }
  });

  it('thins ticks of a horizontal axis to leave a gap between labels', () => {
    const dates = Array.from({ length: 13 }, (_, i) => ({ position: i * 30, label: `Mar ${i + 1}` }));
    const kept = thinTicks(dates);
    expect(kept[0]).toEqual(dates[0]);
    const gap = kept[1]!.position - kept[0]!.position;
    expect(gap).toBeGreaterThanOrEqual(6 * AXIS_CHAR_WIDTH + 12);
    expect(thinTicks(dates.slice(0, 3).map((d, i) => ({ ...d, position: i * 200 })))).toHaveLength(3);
  });
});
