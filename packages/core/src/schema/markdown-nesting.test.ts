import { describe, expect, it } from 'vitest';
import { findMarkdownNestingProblem, MAX_MARKDOWN_NESTING } from './markdown-nesting';

/** The deepest nesting of `markdown`: the smallest limit it stays within. */
function depth(markdown: string): number {
  let limit = 0;
  while (findMarkdownNestingProblem(markdown, limit)) limit++;
  return limit;
}
/** Which kind of nesting reaches that depth. */
const kind = (markdown: string) => findMarkdownNestingProblem(markdown, depth(markdown) - 1)?.kind;

describe('findMarkdownNestingProblem', () => {
  it("reports issue 13's note of 2000 block quotes on line 1", () => {
    expect(findMarkdownNestingProblem(`${'>'.repeat(2000)} x`)).toEqual({
      line: 1,
      kind: 'block',
      depth: MAX_MARKDOWN_NESTING + 1,
      allowed: `Markdown whose block quotes and list items nest at most ${MAX_MARKDOWN_NESTING} levels deep (line 1 nests more than ${MAX_MARKDOWN_NESTING})`,
    });
  });

  it(`accepts ${MAX_MARKDOWN_NESTING} levels and refuses one more, of each kind`, () => {
    const quotes = (n: number) => `${'> '.repeat(n)}x`;
    const emphasis = (n: number) => `${'*a '.repeat(n)}x${' a*'.repeat(n)}`;
    expect(findMarkdownNestingProblem(quotes(MAX_MARKDOWN_NESTING))).toBeUndefined();
    expect(findMarkdownNestingProblem(quotes(MAX_MARKDOWN_NESTING + 1))?.depth).toBe(
      MAX_MARKDOWN_NESTING + 1,
    );
    expect(findMarkdownNestingProblem(emphasis(MAX_MARKDOWN_NESTING))).toBeUndefined();
    expect(findMarkdownNestingProblem(emphasis(MAX_MARKDOWN_NESTING + 1))).toMatchObject({
      kind: 'inline',
      depth: MAX_MARKDOWN_NESTING + 1,
    });
  });

  it.each([
    ['list markers on one line', '- - 1. + x', 4],
    ['quotes and lists mixed on one line', '> - > 1) x', 4],
    ['bullets nested by indentation', '- a\n  - b\n    - c', 3],
    ['ordered items nested by indentation', '1. a\n   1. b\n      1. c', 3],
    ['a list inside a quote', '> a\n> - b\n>   - c', 3],
    ['a quote inside a list item', '- a\n  > b\n  > - c', 3],
    ['a lazy line, then a deeper item', '- a\n  - b\nlazy\n    - c', 3],
    ['items after a blank line', '- a\n\n  - b', 2],
    ['a sibling list after a paragraph', '- a\n  - b\n\ntext\n\n- c', 2],
  ])('counts %s', (_, markdown, expected) => {
    expect(depth(markdown)).toBe(expected);
  });

  it.each([
    ['a thematic break', '- - -\n* * *'],
    ['an indented code line', '    - - - - x'],
    ['a fenced code block', `\`\`\`\n${'> '.repeat(50)}\n${'*a '.repeat(50)}\n\`\`\``],
    ['a code span', `\`${'*'.repeat(50)}\``],
    ['escaped delimiters', '\\*\\*\\*x'],
    ['snake_case words and spaced operators', 'snake_case_name and 5 * 3 and a_b_c_d'],
  ])('does not count %s', (_, markdown) => {
    expect(depth(markdown)).toBe(0);
  });

  it.each([
    ['strong inside emphasis in one run', '***x***', 2],
    ['three strong levels in one run', '******x******', 3],
    ['alternating delimiters', '*a _b ~~c **d x d** c~~ b_ a*', 4],
    ['emphasis spanning the lines of one paragraph', '*a\n_b\nx b_ a*', 2],
  ])('counts %s', (_, markdown, expected) => {
    expect(kind(markdown)).toBe('inline');
    expect(depth(markdown)).toBe(expected);
  });

  it('starts counting emphasis again after a blank line, a list item or a heading', () => {
    expect(depth('*a\n\n*b\n\n*c')).toBe(1);
    expect(depth('- *a\n- *b\n- *c')).toBe(1);
    expect(depth('# *a\n*b')).toBe(1);
  });

  it('names the first line past the limit', () => {
    const text = ['fine', '', '> > ok', '', `${'- '.repeat(MAX_MARKDOWN_NESTING + 2)}deep`].join('\n');
    expect(findMarkdownNestingProblem(text)).toMatchObject({ line: 5, depth: MAX_MARKDOWN_NESTING + 1 });
  });
});
