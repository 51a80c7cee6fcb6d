import { describe, expect, it } from 'vitest';
import { formatTimePoint, formatTimeTick, timeAxisGranularity } from './time-format';

const DAY = 86_400_000;

describe('time axis formatting', () => {
  it('chooses times, days, months or years from the span', () => {
    expect(timeAxisGranularity(6 * 3_600_000)).toBe('minute');
    expect(timeAxisGranularity(30 * DAY)).toBe('day');
    expect(timeAxisGranularity(365 * DAY)).toBe('month');
    expect(timeAxisGranularity(10 * 365 * DAY)).toBe('year');
  });

  it('writes ticks and points in the locale and time zone', () => {
    const t = Date.UTC(2025, 2, 3, 23, 30);
    expect(formatTimeTick(t, 30 * DAY)).toBe('Mar 3');
    expect(formatTimeTick(t, 30 * DAY, { timeZone: 'Europe/Berlin' })).toBe('Mar 4');
    expect(formatTimeTick(t, 365 * DAY, { locale: 'de-DE' })).toBe('März 25');
    expect(formatTimeTick(t, DAY, { locale: 'en-GB' })).toBe('23:30');
    expect(formatTimePoint(t, 30 * DAY)).toBe('Mar 3, 2025');
  });

  it('names the bad time zone', () => {
    expect(() => formatTimeTick(0, DAY, { timeZone: 'Mars/Olympus' })).toThrow(
      'timeZone "Mars/Olympus" is not valid',
    );
  });
});
