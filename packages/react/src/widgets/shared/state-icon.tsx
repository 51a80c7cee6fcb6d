/**
 * The icon of the empty state (an empty chart), of the error state (a warning sign) or of a
 * refused picture (a picture struck through).
 */
export function StateIcon({ kind }: { readonly kind: 'empty' | 'error' | 'refused' }) {
  return (
    <svg className="arion-state-icon" width={28} height={28} viewBox="0 0 24 24" aria-hidden="true">
      {kind === 'refused' ? (
        <>
          <rect
            x={3}
            y={5}
            width={18}
            height={14}
            rx={2}
            style={{ fill: 'none', stroke: 'currentColor', strokeWidth: 1.6 }}
          />
          <path
            d="M6 16 L10 12 L12.5 14.5"
            style={{ fill: 'none', stroke: 'currentColor', strokeWidth: 1.4, strokeLinejoin: 'round' }}
          />
          <path d="M3 21 L21 3" style={{ stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round' }} />
        </>
      ) : kind === 'error' ? (
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
