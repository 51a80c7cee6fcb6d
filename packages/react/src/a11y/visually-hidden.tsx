import type { ReactNode } from 'react';

/** Content for screen readers only (kept in the layout flow but clipped to 1px). */
export function VisuallyHidden({ children }: { readonly children: ReactNode }) {
  return <span className="arion-visually-hidden">{children}</span>;
}
