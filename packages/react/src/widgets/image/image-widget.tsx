import { type ImageConfig, isSafeImageUrl } from '@arion-metrics/core';
import { useEffect, useState } from 'react';
import { WidgetFrame } from '../shared/widget-frame';
import type { WidgetBaseProps } from '../shared/widget-props';

/** Props of {@link ImageWidget}: `src` and `alt` are required, as in its `visualization_config`. */
export interface ImageWidgetProps
  extends Omit<WidgetBaseProps, 'width' | 'height'>,
    Omit<ImageConfig, 'title' | 'description' | 'locale'> {
  /** Height of the picture in px (default: fills the widget, at least 120px). */
  readonly height?: number | undefined;
}

/**
 * A picture with its alternative text. Only http(s), relative and base64 raster `data:image`
 * URLs are loaded (`isSafeImageUrl` from core); any other address, and a missing alt text, is
 * refused: the widget says so ("Image refused.") and never renders the `<img>`, whatever the
 * `error` prop holds. A picture that fails to load shows the error state with a Retry.
 * @example <ImageWidget src="/org-chart.png" alt="Organisation chart of the security team" />
 */
export function ImageWidget(props: ImageWidgetProps) {
  const { src, alt, fit = 'contain' } = props;
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new source deserves a new try
  useEffect(() => setFailed(false), [src]);
  const refusal = !isSafeImageUrl(src)
    ? 'This image address is not allowed (only https:, http:, relative and data:image/png|jpeg|gif|webp|avif URLs).'
    : typeof alt !== 'string' || alt.trim() === ''
      ? 'This image has no alternative text; add a description of what it shows.'
      : null;
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
      theme={props.theme}
      className={props.className}
    >
      {refusal !== null ? (
        <div className="arion-state arion-state-error arion-image-refused" role="alert">
          <span>Image refused.</span>
          <span className="arion-state-detail">{refusal}</span>
        </div>
      ) : (
        <figure className="arion-image" style={{ minHeight: props.height ?? 120 }}>
          <img
            key={attempt}
            src={src}
            alt={alt}
            onError={() => setFailed(true)}
            style={{ objectFit: fit, ...(props.height !== undefined ? { height: props.height } : {}) }}
          />
          {props.caption ? <figcaption>{props.caption}</figcaption> : null}
        </figure>
      )}
    </WidgetFrame>
  );
}
