import { type ImageConfig, isSafeImageUrl } from '@arion-metrics/core';
import { type ReactNode, useEffect, useState } from 'react';
import { StateIcon } from '../shared/state-icon';
import { WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';
import { EmptyState, ErrorState } from '../shared/widget-states';

/** Props of {@link ImageWidget}: `src` and `alt` are required, as in its `visualization_config`. */
export interface ImageWidgetProps
  extends Omit<WidgetBaseProps, 'width' | 'height'>,
    Omit<ImageConfig, 'title' | 'description' | 'locale'> {
  /**
   * Height in px of the picture's box (default: fills the widget, at least 120px). The box keeps
   * this size whether or not the picture has loaded.
   */
  readonly height?: number | undefined;
}

/**
 * A picture with its alternative text. Only http(s), relative and base64 raster `data:image`
 * URLs are loaded (`isSafeImageUrl` from core); any other address, and a missing alt text, is
 * refused: the widget says so ("Image refused." with an icon and the reason) and never renders
 * the `<img>`, whatever the `error` prop holds. An empty `src` shows the empty state. A picture
 * that fails to load shows the error state with a Retry. Every state (loading, empty, error,
 * refused) is drawn in the picture's box with the caption's room kept under it, so the card keeps
 * its size whatever happens.
 *
 * With `fit: 'contain'` (the default) a picture is never upscaled: one smaller than its box is
 * drawn at its natural size, centred; a larger one is scaled down to fit, keeping its aspect
 * ratio. `fit: 'cover'` fills the box, cropping (and so enlarging a small picture).
 * @example <ImageWidget src="/org-chart.png" alt="Organisation chart of the security team" />
 */
export function ImageWidget(props: ImageWidgetProps) {
  const { src, alt, fit = 'contain' } = props;
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new source deserves a new try
  useEffect(() => setFailed(false), [src]);
  const isEmpty = typeof src !== 'string' || src.trim() === '';
  const refusal = isEmpty
    ? null
    : !isSafeImageUrl(src)
      ? 'This image address is not allowed: use https:, http:, a relative path or a data:image URL.'
      : typeof alt !== 'string' || alt.trim() === ''
        ? 'This image has no alternative text; add a description of what it shows.'
        : null;
  const boxStyle = props.height !== undefined ? { height: props.height, minHeight: 0 } : undefined;
  const hostError = props.error != null && props.error !== '' ? props.error : null;
  const error = refusal !== null ? null : (hostError ?? (failed ? 'The image could not be loaded.' : null));
  const retry =
    props.onRetry ??
    (failed
      ? () => {
          setFailed(false);
          setAttempt((a) => a + 1);
        }
      : undefined);
  // every state is drawn in the picture's box with the caption's room kept under it (invisible),
  // so the card's box does not move from loading to the picture, an error or a refusal
  const captionRoom = props.caption ? (
    <div className="arion-image-caption" aria-hidden="true" style={{ visibility: 'hidden' }}>
      {props.caption}
    </div>
  ) : null;
  const inBox = (state: ReactNode) => (
    <div className="arion-image">
      {state}
      {captionRoom}
    </div>
  );
  let content: ReactNode;
  if (refusal !== null) {
    content = inBox(
      <div
        className="arion-state arion-state-error arion-image-box arion-image-refused"
        role="alert"
        style={boxStyle}
      >
        <StateIcon kind="refused" />
        <span className="arion-state-message">Image refused.</span>
        <span className="arion-state-detail">{refusal}</span>
      </div>,
    );
  } else if (error !== null) {
    content = inBox(
      <ErrorState
        title={props.title}
        error={error}
        onRetry={retry}
        className="arion-image-box"
        style={boxStyle}
      />,
    );
  } else if (isEmpty) {
    content = inBox(
      <EmptyState
        message={props.emptyMessage ?? 'No image yet.'}
        className="arion-image-box"
        style={boxStyle}
      />,
    );
  } else {
    content = (
      <figure className="arion-image">
        <div className="arion-image-box" style={boxStyle}>
          <img
            key={attempt}
            className={fit === 'cover' ? 'arion-image-cover' : undefined}
            src={src}
            alt={alt}
            onError={() => setFailed(true)}
          />
        </div>
        {props.caption ? <figcaption className="arion-image-caption">{props.caption}</figcaption> : null}
      </figure>
    );
  }
  return (
    <WidgetFrame
      kind="arion-image-widget"
      title={props.title}
      description={props.description}
      loading={props.loading}
      skeleton={inBox(
        <div className="arion-image-box arion-skeleton-block" aria-hidden="true" style={boxStyle} />,
      )}
      theme={props.theme}
      className={props.className}
    >
      {content}
    </WidgetFrame>
  );
}
