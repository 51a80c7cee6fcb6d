import { useEffect, useState } from 'react';

/**
 * Whether `element` has come near the viewport (within `margin`; default one viewport height
 * below or above), once: it stays true after. Where there is no IntersectionObserver (server
 * rendering, jsdom) everything counts as in view.
 */
export function useInView(element: Element | null, margin = '100% 0px'): boolean {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (seen || element === null || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, margin, seen]);
  return seen;
}
