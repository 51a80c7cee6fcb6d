// biome-ignore-all lint/suspicious/noArrayIndexKey: Markdown tokens have no identity but their position, which never changes for a given source
import { findMarkdownNestingProblem, isSafeImageUrl, isSafeLinkUrl } from '@arion-metrics/core';
import { Lexer, type Token, type Tokens } from 'marked';
import { createElement, type ReactNode, useId } from 'react';

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /** HTML level of the document's largest heading (default 4: under the widget's own h3). */
  readonly baseHeadingLevel?: number;
}

/**
 * Markdown (CommonMark + GFM tables, task lists, strikethrough) to React elements, safely:
 * the text is parsed by marked's lexer only, and every token is turned into an element here,
 * so raw HTML is shown as text and never parsed, no attribute comes from the source except
 * link and image URLs, and those pass core's allow-lists (`isSafeLinkUrl`, `isSafeImageUrl`)
 * or are dropped (the link text or the image's alt text stays).
 *
 * Throws an `Error` naming the line when the text nests deeper than core's `MAX_MARKDOWN_NESTING`
 * (`findMarkdownNestingProblem`): the lexer and this renderer recurse once per level.
 */
export function renderMarkdown(markdown: string, options: RenderMarkdownOptions = {}): ReactNode {
  const problem = findMarkdownNestingProblem(markdown);
  if (problem) throw new Error(`renderMarkdown: expected ${problem.allowed}`);
  const tokens = Lexer.lex(markdown, { gfm: true, breaks: false });
  // the document's largest heading becomes `baseHeadingLevel`, so levels never skip (h3 title, then h4…)
  const depths = tokens.filter((t) => t.type === 'heading').map((t) => (t as Tokens.Heading).depth);
  const shift = depths.length === 0 ? 0 : Math.min(...depths) - 1;
  const base = Math.max(1, Math.min(6, options.baseHeadingLevel ?? 4)) - shift;
  return blocks(tokens, base, 'm');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  euro: '\u20ac',
};

/**
 * Decodes HTML character references in Markdown text and link destinations (CommonMark asks
 * for it; marked's lexer leaves them). The result is only ever used as text or checked as a
 * URL afterwards, so `&#106;avascript:` becomes `javascript:` and is then refused.
 */
export function decodeCharacterReferences(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X'
          ? Number.parseInt(ref.slice(2), 16)
          : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '\ufffd';
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

function blocks(tokens: readonly Token[], base: number, path: string): ReactNode[] {
  return tokens.map((t, i) => block(t, base, `${path}.${i}`));
}

function inline(tokens: readonly Token[] | undefined, base: number, path: string): ReactNode[] {
  return (tokens ?? []).map((t, i) => span(t, base, `${path}.${i}`));
}

function block(token: Token, base: number, key: string): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'heading': {
      const t = token as Tokens.Heading;
      return createElement(
        `h${Math.max(1, Math.min(6, base + t.depth - 1))}`,
        { key },
        inline(t.tokens, base, key),
      );
    }
    case 'paragraph':
      return <p key={key}>{inline((token as Tokens.Paragraph).tokens, base, key)}</p>;
    case 'blockquote':
      return <blockquote key={key}>{blocks((token as Tokens.Blockquote).tokens, base, key)}</blockquote>;
    case 'code':
      return (
        <pre key={key}>
          <code>{(token as Tokens.Code).text}</code>
        </pre>
      );
    case 'hr':
      return <hr key={key} />;
    case 'list': {
      const t = token as Tokens.List;
      const items = t.items.map((item, i) => {
        const content = item.loose
          ? blocks(item.tokens, base, `${key}.${i}`)
          : inline(flattenTight(item.tokens), base, `${key}.${i}`);
        return item.task ? (
          <TaskListItem key={`${key}.${i}`} checked={item.checked ?? false}>
            {content}
          </TaskListItem>
        ) : (
          <li key={`${key}.${i}`}>{content}</li>
        );
      });
      return t.ordered ? (
        <ol key={key} start={typeof t.start === 'number' && t.start !== 1 ? t.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table': {
      const t = token as Tokens.Table;
      const align = (a: 'center' | 'left' | 'right' | null) => (a === null ? undefined : { textAlign: a });
      return (
        <table key={key}>
          <thead>
            <tr>
              {t.header.map((c, i) => (
                <th key={`${key}.h${i}`} scope="col" style={align(c.align)}>
                  {inline(c.tokens, base, `${key}.h${i}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.map((row, r) => (
              <tr key={`${key}.r${r}`}>
                {row.map((c, i) => (
                  <td key={`${key}.r${r}.${i}`} style={align(c.align)}>
                    {inline(c.tokens, base, `${key}.r${r}.${i}`)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'html':
      // Raw HTML is never parsed: it is shown as the text it is.
      return <p key={key}>{(token as Tokens.HTML).text}</p>;
    case 'text': {
      const t = token as Tokens.Text;
      return <p key={key}>{t.tokens ? inline(t.tokens, base, key) : decodeCharacterReferences(t.text)}</p>;
    }
    default:
      return <p key={key}>{'text' in token && typeof token.text === 'string' ? token.text : token.raw}</p>;
  }
}

/**
 * A GFM task list item (`- [ ] x`, `- [x] x`): no bullet, a read-only disabled checkbox drawn as
 * a box (with a tick when done) in place of it, named by the item's text for screen readers.
 */
function TaskListItem({ checked, children }: { readonly checked: boolean; readonly children: ReactNode }) {
  const textId = useId();
  return (
    <li className="arion-task-item">
      <input
        type="checkbox"
        className="arion-task-checkbox"
        checked={checked}
        readOnly
        disabled
        aria-labelledby={textId}
      />
      <div id={textId} className="arion-task-text">
        {children}
      </div>
    </li>
  );
}

/** Tight list items hold `text` blocks whose inline tokens are the content. */
function flattenTight(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) =>
    t.type === 'text' && (t as Tokens.Text).tokens ? (t as Tokens.Text).tokens! : [t],
  );
}

function span(token: Token, base: number, key: string): ReactNode {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? (
        <span key={key}>{inline(t.tokens, base, key)}</span>
      ) : (
        decodeCharacterReferences(t.text)
      );
    }
    case 'checkbox':
      return null;
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'strong':
      return <strong key={key}>{inline((token as Tokens.Strong).tokens, base, key)}</strong>;
    case 'em':
      return <em key={key}>{inline((token as Tokens.Em).tokens, base, key)}</em>;
    case 'del':
      return <del key={key}>{inline((token as Tokens.Del).tokens, base, key)}</del>;
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const t = token as Tokens.Link;
      const children = inline(t.tokens, base, key);
      const href = t.autolink ? t.href : decodeCharacterReferences(t.href);
      if (!isSafeLinkUrl(href)) return <span key={key}>{children}</span>;
      return (
        <a
          key={key}
          href={href}
          title={t.title ? decodeCharacterReferences(t.title) : undefined}
          rel="noopener noreferrer nofollow"
        >
          {children}
        </a>
      );
    }
    case 'image': {
      const t = token as Tokens.Image;
      if (!isSafeImageUrl(t.href)) return t.text;
      return (
        <img key={key} src={t.href} alt={t.text} title={t.title ?? undefined} style={{ maxWidth: '100%' }} />
      );
    }
    case 'html':
      return (token as Tokens.Tag).text;
    default:
      return token.raw;
  }
}
