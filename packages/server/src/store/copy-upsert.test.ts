import { describe, expect, it } from 'vitest';
import { copyText, rangeBounds } from './copy-upsert';

describe('rangeBounds', () => {
  it('orders timestamps as instants, not as text (six-digit and negative years, offsets of the ISO form)', () => {
    const values = [
      new Date(Date.UTC(2026, 0, 2)).toISOString(),
      new Date(Date.UTC(10_000, 0, 1)).toISOString(), // '+010000-01-01T...': sorts before '2026' as text
      new Date(Date.UTC(-1, 0, 1)).toISOString(), // '-000001-01-01T...'
      new Date(Date.UTC(2026, 0, 1)).toISOString(),
    ];
    expect([...values].sort()[0]).toBe(values[1]); // what a text comparison would wrongly call the least
    expect(rangeBounds(values, 'timestamptz')).toEqual([values[2], values[1]]);
  });

  it('orders calendar dates as text, and gives one value as both bounds', () => {
    expect(rangeBounds(['2026-03-01', '2025-12-31', '2026-01-15'], 'date')).toEqual([
      '2025-12-31',
      '2026-03-01',
    ]);
    expect(rangeBounds(['2026-03-01'], 'date')).toEqual(['2026-03-01', '2026-03-01']);
  });
});

describe('copyText', () => {
  it('leads each line with a new UUID, escapes specials, writes NULL as \\N unless a fill is given, and ends with the tail', () => {
    const text = copyText(
      [
        ['a\tb', null],
        [null, 'x\\y\nz'],
      ],
      ['2026-01-01 00:00:00+00', undefined],
      'org-1',
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const [first, second] = [lines[0]!.split('\t'), lines[1]!.split('\t')];
    expect(first[0]).toMatch(uuid);
    expect(second[0]).toMatch(uuid);
    expect(first[0]).not.toBe(second[0]);
    expect(first.slice(1)).toEqual(['a\\tb', '\\N', 'org-1']);
    expect(second.slice(1)).toEqual(['2026-01-01 00:00:00+00', 'x\\\\y\\nz', 'org-1']);
  });
});
