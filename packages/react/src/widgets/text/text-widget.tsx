import type { TextConfig } from '@arion-metrics/core';
import { useMemo } from 'react';
import { WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { renderMarkdown } from './markdown';

/** Props of {@link TextWidget}: the Markdown and the other `visualization_config` keys. */
export interface TextWidgetProps
  extends Omit<WidgetBaseProps, 'width' | 'height'>,
    Omit<TextConfig, 'title' | 'description' | 'locale'> {}

/**
 * Markdown notes on a dashboard, rendered safely: no raw HTML, no scripts, links only to
 * http(s), mailto and tel (see `renderMarkdown`).
 * @example <TextWidget title="Notes" markdown={'**Q3** targets are [here](https://intranet/q3).'} />
 */
export function TextWidget(props: TextWidgetProps) {
  const content = useMemo(() => renderMarkdown(props.markdown), [props.markdown]);
  return (
    <WidgetFrame
      kind="arion-text"
      title={props.title}
      description={props.description}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      emptyMessage={props.emptyMessage ?? 'No text yet.'}
      theme={props.theme}
      className={props.className}
      isEmpty={props.markdown.trim() === ''}
    >
      <div className="arion-markdown">{content}</div>
    </WidgetFrame>
  );
}
