import type { ComponentType } from 'react';

/** The widths every widget is shown at: a narrow dashboard cell, a half and a full row. */
export const WIDTHS = [300, 600, 1200] as const;

/** Parameters of a width story: a frame wide enough for 1200 px, in the given theme. */
export function widthParameters(theme: 'light' | 'dark') {
  return { theme, frameWidth: 1240 };
}

/**
 * A story render function that draws `Widget` with the story's args at each of {@link WIDTHS},
 * one under the other, each labelled with its width.
 */
export function atWidths<P extends object>(Widget: ComponentType<P>) {
  return (args: P) => (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      {WIDTHS.map((w) => (
        <div key={w} style={{ width: w }}>
          <p
            style={{ margin: '0 0 4px', font: "12px 'Inter', sans-serif", color: 'var(--arion-text-muted)' }}
          >
            {w} px
          </p>
          {/* each copy gets its own title: landmarks must have unique names */}
          <Widget {...args} {...titled(args, `${w} px`)} />
        </div>
      ))}
    </div>
  );
}

function titled<P extends object>(args: P, suffix: string): Partial<P> {
  const title = (args as { title?: unknown }).title;
  return (typeof title === 'string' ? { title: `${title} (${suffix})` } : {}) as Partial<P>;
}
