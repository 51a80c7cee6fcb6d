import { describe, expect, it } from 'vitest';
import { barPath } from './bar-path';

describe('barPath', () => {
  it('rounds the two corners of the outer end and keeps the base square', () => {
    expect(barPath(0, 0, 20, 50, 3, 'top')).toBe('M0,3Q0,0 3,0L17,0Q20,0 20,3L20,50L0,50Z');
    expect(barPath(0, 0, 20, 50, 3, 'bottom')).toBe('M0,0L20,0L20,47Q20,50 17,50L3,50Q0,50 0,47Z');
    expect(barPath(10, 5, 40, 8, 3, 'right')).toBe('M10,5L47,5Q50,5 50,8L50,10Q50,13 47,13L10,13Z');
    expect(barPath(0, 0, 20, 50, 3, 'none')).toBe('M0,0L20,0L20,50L0,50Z');
  });

  it('never rounds by more than half the bar, so a short bar stays a bar', () => {
    expect(barPath(0, 0, 20, 2, 3, 'top')).toBe('M0,1Q0,0 1,0L19,0Q20,0 20,1L20,2L0,2Z');
  });
});
