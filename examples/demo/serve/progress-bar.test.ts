/** The progress bar redraws one line on a terminal and prints plain lines anywhere else. */
import { describe, expect, it } from 'vitest';
import { createProgressBar, progressLine } from './progress-bar';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (text: string) => chunks.push(text) } };
}

describe('progress bar', () => {
  it('fills the bar in proportion to the steps done', () => {
    expect(progressLine('months', 1, 4, 'x', 8)).toBe('[##......] 1/4 months: x');
    expect(progressLine('months', 4, 4, '', 8)).toBe('[########] 4/4 months');
  });

  it('redraws one line in place on a TTY and ends it with a newline', () => {
    const { chunks, stream } = recorder(true);
    const bar = createProgressBar(stream, 'months', 2);
    bar.update(1, 'a');
    bar.update(2, 'b');
    bar.finish('done');
    expect(chunks.slice(0, 2).every((c) => c.startsWith('\r') && !c.includes('\n'))).toBe(true);
    expect(chunks.at(-1)).toBe('\ndone\n');
  });

  it('prints one plain line per step when the output is not a TTY', () => {
    const { chunks, stream } = recorder(false);
    const bar = createProgressBar(stream, 'months', 2);
    bar.update(1, 'a');
    bar.finish('done');
    expect(chunks).toEqual([`${progressLine('months', 1, 2, 'a')}\n`, 'done\n']);
  });
});
