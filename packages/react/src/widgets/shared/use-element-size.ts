import { useCallback, useLayoutEffect, useState } from 'react';

/** Width and height of an element in CSS pixels. */
export interface ElementSize {
  readonly width: number;
  readonly height: number;
}

/**
 * Size of `element`, kept up to date with a ResizeObserver. Where there is none (server
 * rendering, jsdom), or before the element exists or has a layout, `fallback` is returned.
 */
export function useElementSize(element: HTMLElement | null, fallback: ElementSize): ElementSize {
  const [size, setSize] = useState<ElementSize | null>(null);
  useLayoutEffect(() => {
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const measure = (width: number, height: number) => {
      if (width <= 0) return;
      setSize((old) =>
        old !== null && Math.abs(old.width - width) < 0.5 && Math.abs(old.height - height) < 0.5
          ? old
          : { width, height },
      );
    };
    const rect = element.getBoundingClientRect();
    measure(rect.width, rect.height);
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (box !== undefined) measure(box.width, box.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return {
    width: size?.width ?? fallback.width,
    height: size !== null && size.height > 0 ? size.height : fallback.height,
  };
}

/** A callback ref and the element it holds (so measuring starts whenever the element appears). */
export function useElementRef<T extends HTMLElement>(): [T | null, (element: T | null) => void] {
  const [element, setElement] = useState<T | null>(null);
  const ref = useCallback((e: T | null) => setElement(e), []);
  return [element, ref];
}

/** Width used when a widget cannot be measured (jsdom, server rendering) and none was given. */
export const FALLBACK_WIDTH = 480;

/**
 * Size of a chart's plot: the given `width`/`height` props when set, otherwise the measured
 * size of the plot container, which fills its parent and is at least `defaultHeight` tall.
 * Returns the callback ref and style to put on the container (it may appear after a loading state).
 */
export function usePlotSize(width: number | undefined, height: number | undefined, defaultHeight: number) {
  const [element, ref] = useElementRef<HTMLDivElement>();
  const measured = useElementSize(element, {
    width: width ?? FALLBACK_WIDTH,
    height: height ?? defaultHeight,
  });
  const style = {
    minHeight: height ?? defaultHeight,
    ...(height !== undefined ? { height } : {}),
    ...(width !== undefined ? { width } : {}),
  };
  return {
    ref,
    width: Math.max(0, Math.floor(width ?? measured.width)),
    height: Math.max(0, Math.floor(height ?? measured.height)),
    style,
  };
}
