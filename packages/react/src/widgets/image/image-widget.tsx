import { type ImageConfig, isSafeImageUrl } from '@arion-metrics/core';
import { useEffect, useState } from 'react';
import { StateIcon } from '../shared/state-icon';
import { WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';

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
 * that fails to load shows the error state with a Retry.
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
      ? 'This image address is not allowed (only https:, http:, relative and data:image/png|jpeg|gif|webp|avif URLs).'
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
  return (
    <WidgetFrame
      kind="arion-image-widget"
      title={props.title}
      description={props.description}
      loading={props.loading}
      error={error}
      onRetry={retry}
      isEmpty={isEmpty}
      skeleton={
        <figure className="arion-image" aria-hidden="true">
          <div className="arion-image-box arion-skeleton-block" style={boxStyle} />
          {props.caption ? <figcaption style={{ visibility: 'hidden' }}>{props.caption}</figcaption> : null}
        </figure>
      }
      bodyHeight={props.height ?? 120}
      emptyMessage={props.emptyMessage ?? 'No image yet.'}
      theme={props.theme}
      className={props.className}
    >
      {refusal !== null ? (
        <div
          className="arion-state arion-state-error arion-image-refused"
          role="alert"
          style={{ minHeight: props.height ?? 120 }}
        >
          <StateIcon kind="refused" />
          <span className="arion-state-message">Image refused.</span>
          <span className="arion-state-detail">{refusal}</span>
        </div>
      ) : (
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
          {props.caption ? <figcaption>{props.caption}</figcaption> : null}
        </figure>
      )}
    </WidgetFrame>
  );
}
