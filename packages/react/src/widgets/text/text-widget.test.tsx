import { isSafeImageUrl, isSafeLinkUrl, MAX_MARKDOWN_NESTING } from '@arion-metrics/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';
import { TextWidget } from './text-widget';

/** Script injection attempts (OWASP XSS filter evasion cheat sheet, CommonMark specifics). */
const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//x.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  'text <b onclick="alert(1)">bold</b>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;avascript&#58;alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](<javascript:alert(1)>)',
  '[click]( javascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '<javascript:alert(1)>',
  '[ref][r]\n\n[r]: javascript:alert(1)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x" onerror="alert(1)](https://x.example/a.png)',
  '[x](https://x.example "t\\" onmouseover=\\"alert(1)")',
  '<style>body{display:none}</style>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
];

function assertInert(container: HTMLElement) {
  for (const tag of ['script', 'iframe', 'svg', 'style', 'form', 'button', 'math', 'object', 'embed']) {
    expect(container.querySelector(tag), tag).toBeNull();
  }
  for (const el of container.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      expect(attr.startsWith('on'), `${el.tagName} ${attr}`).toBe(false);
    }
    if (el.hasAttribute('href')) expect(isSafeLinkUrl(el.getAttribute('href')!), el.outerHTML).toBe(true);
    if (el.hasAttribute('src')) expect(isSafeImageUrl(el.getAttribute('src')!), el.outerHTML).toBe(true);
  }
}

describe('TextWidget', () => {
  it('renders Markdown: headings under the widget title, emphasis, lists, tables, code and safe links', () => {
    render(
      <TextWidget
        title="Notes"
        markdown={
          '# Q3 review\n\nSee **bold** and _em_ and ~~old~~, `code` & [the plan](https://intranet.example/q3 "Plan").\n\n- [x] done\n- [ ] todo\n\n| Team | MTTR |\n|---|--:|\n| A | 4 h |\n\n```\nSELECT 1;\n```\n\nAT&amp;T &#x2014; fine'
        }
      />,
    );
    expect(screen.getByRole('heading', { level: 4, name: 'Q3 review' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'the plan' })).toHaveAttribute(
      'href',
      'https://intranet.example/q3',
    );
    expect(screen.getByRole('link', { name: 'the plan' })).toHaveAttribute(
      'rel',
      'noopener noreferrer nofollow',
    );
    expect(screen.getAllByRole('checkbox').map((c) => (c as HTMLInputElement).checked)).toEqual([
      true,
      false,
    ]);
    expect(screen.getByRole('table')).toHaveTextContent('TeamMTTRA4 h');
    expect(screen.getByText('SELECT 1;')).toBeInTheDocument();
    expect(screen.getByText('AT&T — fine')).toBeInTheDocument();
  });

  it('draws task list items with a disabled checkbox named by the item, in place of a bullet', () => {
    const { container } = render(
      <TextWidget
        markdown={
          '- [x] Rotate **credentials**\n- [ ] Close findings\n- plain item\n\n1. [ ] Loose one\n\n   more text'
        }
      />,
    );
    const done = screen.getByRole('checkbox', { name: 'Rotate credentials' }) as HTMLInputElement;
    const todo = screen.getByRole('checkbox', { name: 'Close findings' }) as HTMLInputElement;
    const loose = screen.getByRole('checkbox', { name: /^Loose one\s*more text$/ }) as HTMLInputElement;
    expect([done.checked, todo.checked, loose.checked]).toEqual([true, false, false]);
    for (const box of [done, todo, loose]) {
      expect(box).toBeDisabled();
      expect(box.closest('li')).toHaveClass('arion-task-item');
    }
    // the plain item keeps its bullet (no task class); no brackets are left in any item
    const plain = screen.getByText('plain item').closest('li')!;
    expect(plain).not.toHaveClass('arion-task-item');
    expect(container.textContent).not.toMatch(/\[[ xX]?\]/);
  });

  it("starts the document's largest heading at h4, so heading levels never skip", () => {
    render(<TextWidget title="Notes" markdown={'## Review\n\n### Details'} />);
    expect(screen.getByRole('heading', { level: 4, name: 'Review' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 5, name: 'Details' })).toBeInTheDocument();
  });

  it.each(XSS_CORPUS)('renders %j without any executable markup or unsafe URL', (markdown) => {
    const { container } = render(<TextWidget markdown={markdown} />);
    assertInert(container);
  });

  it('shows raw HTML as text and keeps the text of refused links', () => {
    const { container } = render(
      <TextWidget markdown={'<b onclick="x()">hi</b> and [click](javascript:alert(1))'} />,
    );
    expect(container.querySelector('.arion-markdown')).toHaveTextContent('<b onclick="x()">hi</b> and click');
    expect(screen.queryByRole('link')).toBeNull();
  });

  it.each([
    ['2000 block quotes', `${'>'.repeat(2000)} x`],
    ['2000 nested list items', `${'- '.repeat(2000)}x`],
    ['emphasis 2000 levels deep', `${'*'.repeat(2000)}x${'*'.repeat(2000)}`],
  ])('shows the error state for %s, and its sibling stays', (_, markdown) => {
    render(
      <div>
        <TextWidget title="Deep" markdown={markdown} />
        <TextWidget title="Sibling" markdown="Still **here**" />
      </div>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Could not load Deep.');
    expect(alert).toHaveTextContent(
      new RegExp(`nests? at most ${MAX_MARKDOWN_NESTING} levels deep \\(line 1 nests`),
    );
    expect(screen.getByText('here')).toBeInTheDocument();
  });

  it(`renders text nested exactly ${MAX_MARKDOWN_NESTING} levels deep`, () => {
    const { container } = render(<TextWidget markdown={`${'> '.repeat(MAX_MARKDOWN_NESTING)}deepest`} />);
    expect(container.querySelectorAll('blockquote')).toHaveLength(MAX_MARKDOWN_NESTING);
    expect(screen.getByText('deepest')).toBeInTheDocument();
  });

  it('renderMarkdown refuses text past the limit with an error naming the line', () => {
    expect(() => renderMarkdown(`ok\n\n${'> '.repeat(MAX_MARKDOWN_NESTING + 1)}x`)).toThrow(
      `nest at most ${MAX_MARKDOWN_NESTING} levels deep (line 3 nests more than ${MAX_MARKDOWN_NESTING})`,
    );
  });

  it('says it is empty when there is no text', () => {
    render(<TextWidget markdown="  " />);
    expect(screen.getByRole('status')).toHaveTextContent('No text yet.');
  });
});
