/** The icon of the empty state (an empty chart) or of the error state (a warning sign). */
export function StateIcon({ kind }: { readonly kind: 'empty' | 'error' }) {
  return (
    <svg className="arion-state-icon" width={28} height={28} viewBox="0 0 24 24" aria-hidden="true">
      {kind === 'error' ? (
        <>
          <path
            d="M12 3 L22 20 H2 Z"
            style={{ fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinejoin: 'round' }}
          />
          <path
            d="M12 9 V14 M12 16.5 V17"
            style={{ stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round' }}
          />
        </>
      ) : (
        <>
          <path d="M3 20 H21 M5 20 V4" style={{ stroke: 'currentColor', strokeWidth: 1.6, fill: 'none' }} />
          <path
            d="M8 16 h3 M13 16 h3 M18 16 h1"
            style={{ stroke: 'currentColor', strokeWidth: 1.6, strokeDasharray: '2 2', fill: 'none' }}
          />
        </>
      )}
    </svg>
  );
}
