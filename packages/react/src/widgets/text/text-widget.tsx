import { findMarkdownNestingProblem, type TextConfig } from '@arion-metrics/core';
import { useMemo } from 'react';
import { WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { WidgetSkeleton } from '../shared/widget-skeleton';
import { renderMarkdown } from './markdown';

/** Props of {@link TextWidget}: the Markdown and the other `visualization_config` keys. */
export interface TextWidgetProps
  extends Omit<WidgetBaseProps, 'width' | 'height'>,
    Omit<TextConfig, 'title' | 'description' | 'locale'> {}

/** The rendered Markdown: a component of its own, so that the frame's error boundary covers it. */
function MarkdownContent({ markdown }: { readonly markdown: string }) {
  const content = useMemo(() => renderMarkdown(markdown), [markdown]);
  return <div className="arion-markdown">{content}</div>;
}

/**
 * Markdown notes on a dashboard, rendered safely: no raw HTML, no scripts, links only to
 * http(s), mailto and tel (see `renderMarkdown`). A text nested deeper than core's
 * `MAX_MARKDOWN_NESTING` (block quotes and lists, or emphasis) is not rendered: the widget shows
 * the error state saying where (the store refuses such a text too).
 * @example <TextWidget title="Notes" markdown={'**Q3** targets are [here](https://intranet/q3).'} />
 */
export function TextWidget(props: TextWidgetProps) {
  const problem = useMemo(() => findMarkdownNestingProblem(props.markdown), [props.markdown]);
  const error =
    props.error != null && props.error !== ''
      ? props.error
      : problem
        ? `This text cannot be shown: it must be ${problem.allowed}.`
        : null;
  return (
    <WidgetFrame
      kind="arion-text"
      title={props.title}
      description={props.description}
      loading={props.loading}
      error={error}
      onRetry={problem ? undefined : props.onRetry}
      emptyMessage={props.emptyMessage ?? 'No text yet.'}
      theme={props.theme}
      className={props.className}
      isEmpty={props.markdown.trim() === ''}
      skeleton={<WidgetSkeleton shape="rows" />}
    >
      <MarkdownContent markdown={props.markdown} />
    </WidgetFrame>
  );
}
