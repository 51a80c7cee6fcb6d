import '@arion-metrics/react/styles.css';
// a pinned web font (@fontsource/inter 5.3.0), so screenshots do not depend on the machine's fonts
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/inter/latin-700.css';
import type { Preview } from '@storybook/react-vite';

/**
 * Every story is shown on a page of its theme (`parameters.theme`, default light) in a box of
 * `parameters.frameWidth` px (default 560), like a dashboard cell.
 */
const preview: Preview = {
  parameters: { layout: 'fullscreen' },
  decorators: [
    (Story, context) => {
      const theme = (context.parameters.theme as 'light' | 'dark' | undefined) ?? 'light';
      const width = (context.parameters.frameWidth as number | undefined) ?? 560;
      return (
        <div
          data-arion-theme={theme}
          style={{
            ['--arion-font' as string]: "'Inter', sans-serif",
            minHeight: '100vh',
            padding: 24,
            boxSizing: 'border-box',
            background: theme === 'dark' ? '#0d1117' : '#f3f4f6',
          }}
        >
          <main style={{ width, maxWidth: '100%' }}>
            <Story />
          </main>
        </div>
      );
    },
  ],
};

export default preview;
