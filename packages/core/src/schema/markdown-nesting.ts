/**
 * The nesting limit of the Markdown of text widgets. Markdown parsers recurse once per level of
 * block quote, list and emphasis, so a note of `'>'.repeat(2000)` overflows the call stack of
 * whatever renders it. Measured here without parsing: one pass over the lines, no recursion.
 */

/** Most levels of block quotes and list items inside each other, and of emphasis inside each other. */
export const MAX_MARKDOWN_NESTING = 16;

/** Where a Markdown text nests too deep: the first line past the limit, and how deep it goes there. */
export interface MarkdownNestingProblem {
  /** Line number, from 1. */
  readonly line: number;
  /** `block`: block quotes and list items; `inline`: emphasis, strong emphasis and strikethrough. */
  readonly kind: 'block' | 'inline';
  /**
   * Nesting found on that line. Block nesting is counted up to one level past the limit (the line
   * is refused there, and reading thousands of markers further would cost for nothing).
   */
  readonly depth: number;
  /** The rule with the place that breaks it, for an error's "allowed" text. */
  readonly allowed: string;
}

/**
 * An open container: a block quote, or a list item whose content starts `width` columns after
 * the content of its parent (the indentation before its marker, the marker and the spaces after).
 */
interface OpenContainer {
  readonly kind: 'quote' | 'item';
  readonly width: number;
}

const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/** Column after `text[from..to)` starting at column `column` (tabs stop every 4 columns). */
function advance(text: string, from: number, to: number, column: number): number {
  let col = column;
  for (let i = from; i < to; i++) col = text[i] === '\t' ? col + 4 - (col % 4) : col + 1;
  return col;
}

/** Index of the first character after spaces and tabs from `from`. */
function skipBlank(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** Index after `columns` columns of spaces and tabs from `from` (at column `column`). */
function consumeColumns(text: string, from: number, column: number, columns: number): number {
  let i = from;
  let col = column;
  while (i < text.length && col - column < columns && (text[i] === ' ' || text[i] === '\t')) {
    col = advance(text, i, i + 1, col);
    i++;
  }
  return i;
}

/** Balance of open emphasis delimiters per character, CommonMark's flanking rules. */
class EmphasisBalance {
  private readonly open = { '*': 0, _: 0, '~': 0 };
  get depth(): number {
    return this.open['*'] + this.open._ + this.open['~'];
  }
  reset(): void {
    this.open['*'] = 0;
    this.open._ = 0;
    this.open['~'] = 0;
  }
  /** Scans one line of inline text; returns the deepest nesting reached on it. */
  scan(text: string): number {
    let deepest = this.depth;
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '`') {
        let j = i;
        while (text[j] === '`') j++;
        const fence = text.slice(i, j);
        const close = text.indexOf(fence, j);
        // a code span ends at the next run of exactly as many backticks; without one they are text
        if (close >= 0 && text[close + fence.length] !== '`') {
          i = close + fence.length;
          continue;
        }
        i = j;
        continue;
      }
      if (c !== '*' && c !== '_' && c !== '~') {
        i++;
        continue;
      }
      let j = i;
      while (text[j] === c) j++;
      const length = j - i;
      const before = i === 0 ? ' ' : text[i - 1]!;
      const after = j >= text.length ? ' ' : text[j]!;
      i = j;
      if (c === '~' && length > 2) continue;
      const wsBefore = WHITESPACE.test(before);
      const wsAfter = WHITESPACE.test(after);
      const punctBefore = PUNCTUATION.test(before);
      const punctAfter = PUNCTUATION.test(after);
      const left = !wsAfter && (!punctAfter || wsBefore || punctBefore);
      const right = !wsBefore && (!punctBefore || wsAfter || punctAfter);
      const canOpen = c === '_' ? left && (!right || punctBefore) : left;
      const canClose = c === '_' ? right && (!left || punctAfter) : right;
      // a run of n `*` or `_` opens up to ceil(n / 2) levels: `***` is emphasis inside strong emphasis
      const weight = c === '~' ? 1 : Math.ceil(length / 2);
      if (canClose && this.open[c] > 0) this.open[c] = Math.max(0, this.open[c] - weight);
      else if (canOpen) this.open[c] += weight;
      deepest = Math.max(deepest, this.depth);
    }
    return deepest;
  }
}

/**
 * Finds the first line of `markdown` that nests deeper than `max` levels (default
 * {@link MAX_MARKDOWN_NESTING}), or `undefined`. Two depths are measured, each against `max`:
 * - block: the block quotes (`>`) and list items (`-`, `+`, `*`, `1.`, `1)`) a line sits in —
 *   those opened by markers on the line itself and the list items its indentation keeps it in;
 * - inline: emphasis, strong emphasis and strikethrough (`*`, `_`, `**`, `__`, `~~`) open at once
 *   within a paragraph, by CommonMark's flanking rules (a run of n `*` counts ceil(n / 2) levels).
 * Fenced code blocks and code spans are not measured. The measure follows CommonMark's container
 * matching (a quote continues on `>`, a list item on enough indentation) but errs towards
 * counting a level too many (e.g. after lazy continuation lines, or for unmatched delimiters
 * across the lines of one paragraph), never towards letting deep nesting through unseen.
 *
 * @example
 * findMarkdownNestingProblem('> > quoted twice') // undefined
 * findMarkdownNestingProblem('>'.repeat(2000) + ' x')?.depth // 17: one past the limit
 */
export function findMarkdownNestingProblem(
  markdown: string,
  max = MAX_MARKDOWN_NESTING,
): MarkdownNestingProblem | undefined {
  const open: OpenContainer[] = [];
  const emphasis = new EmphasisBalance();
  let fence: string | undefined;
  const lines = markdown.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    // 1. which open containers the line continues: `>` for a quote, enough indentation for an item
    let pos = 0;
    let column = 0;
    let matched = 0;
    const blank = skipBlank(line, 0) === line.length;
    for (const container of open) {
      const at = skipBlank(line, pos);
      if (container.kind === 'quote') {
        if (line[at] !== '>' || advance(line, pos, at, column) - column > 3) break;
        column = advance(line, pos, at + 1, column);
        pos = at + 1;
        if (line[pos] === ' ') {
          pos++;
          column++;
        }
      } else if (at < line.length) {
        if (advance(line, pos, at, column) - column < container.width) break;
        const next = consumeColumns(line, pos, column, container.width);
        column = advance(line, pos, next, column);
        pos = next;
      }
      matched++;
    }
    const rest = line.slice(pos);
    if (fence !== undefined) {
      const close = FENCE.exec(rest);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (blank) {
      emphasis.reset(); // a blank line ends the paragraph; list items stay open across it
      continue;
    }
    // 2. the containers the line opens: quote and list markers, each at most 3 columns indented.
    // A line that opens none keeps the unmatched containers open (it may be a lazy continuation,
    // after which deeper lines still continue them); a line that opens one closes them first.
    let opensAny = false;
    const openContainer = (container: OpenContainer) => {
      if (!opensAny) open.length = matched;
      opensAny = true;
      open.push(container);
    };
    let listMarkers = 0;
    let at = pos;
    // stops one level past the limit: the line is refused anyway, and a 50,000-marker line stays cheap
    while (!(opensAny && open.length > max)) {
      const start = skipBlank(line, at);
      const indent = advance(line, at, start, column) - column;
      if (indent > 3) break;
      if (line[start] === '>') {
        openContainer({ kind: 'quote', width: 0 });
        column = advance(line, at, start + 1, column);
        at = start + 1;
        if (line[at] === ' ') {
          at++;
          column++;
        }
        continue;
      }
      const marker = THEMATIC_BREAK.test(line.slice(start)) ? null : LIST_MARKER.exec(line.slice(start));
      if (!marker) break;
      const afterMarker = start + marker[0].length;
      const content = skipBlank(line, afterMarker);
      const markerEnd = advance(line, at, afterMarker, column);
      const spaces = advance(line, afterMarker, content, markerEnd) - markerEnd;
      const width = markerEnd - column + (spaces >= 1 && spaces <= 4 ? spaces : 1);
      openContainer({ kind: 'item', width });
      listMarkers++;
      column = advance(line, at, content, column);
      at = content;
    }
    const inlineText = line.slice(at);
    const opening = FENCE.exec(inlineText);
    if (opening) {
      fence = opening[1]!;
      emphasis.reset();
      continue;
    }
    const block = opensAny ? open.length : matched;
    if (block > max) {
      return {
        line: n + 1,
        kind: 'block',
        depth: block,
        allowed: `Markdown whose block quotes and list items nest at most ${max} levels deep (line ${n + 1} nests more than ${max})`,
      };
    }
    const heading = ATX_HEADING.test(inlineText);
    if (listMarkers > 0 || heading) emphasis.reset(); // a new list item or heading starts new inline text
    const inline = emphasis.scan(inlineText);
    if (inline > max) {
      return {
        line: n + 1,
        kind: 'inline',
        depth: inline,
        allowed: `Markdown whose emphasis (*, _, **, __, ~~) nests at most ${max} levels deep (line ${n + 1} nests ${inline})`,
      };
    }
    if (heading) emphasis.reset();
  }
  return undefined;
}
