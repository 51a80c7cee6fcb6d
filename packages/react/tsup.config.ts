import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

// The two builds below run at the same time, so neither may clean `dist/` (it could delete the
// other's files): it is emptied once here, when the config loads.
await rm('dist', { recursive: true, force: true });

/**
 * Marks a public entry as client code for React Server Components (Next.js App Router):
 * esbuild drops module-level directives when it bundles, so `'use client'` is written into the
 * built file afterwards. Only the React entry gets it; `@arion-metrics/react/client` (no React)
 * stays usable from server code.
 */
async function markUseClient(file: string): Promise<void> {
  const code = await readFile(file, 'utf8');
  if (!code.startsWith("'use client'")) await writeFile(file, `'use client';\n${code}`);
}

/** Options shared by the ESM and CommonJS builds. */
const shared = {
  target: 'es2022',
  sourcemap: true,
  treeshake: true,
  dts: { entry: ['src/index.ts', 'src/client/index.ts'], compilerOptions: { ignoreDeprecations: '6.0' } },
} satisfies Options;

export default defineConfig([
  {
    ...shared,
    // Every source module is an entry, so the ESM build keeps one output module per source module
    // (shared code lands in chunks). A bundler then drops whole modules an application does not use:
    // importing `Gauge` does not bring the Markdown parser of the text widget or the map's projection.
    // Only `dist/index.js` is public (package.json `exports`); the other files are its parts.
    entry: [
      'src/**/*.ts',
      'src/**/*.tsx',
      '!src/**/*.test.ts',
      '!src/**/*.test.tsx',
      '!src/testing/**',
      '!src/**/examples/**',
    ],
    format: ['esm'],
    splitting: true,
    // The stylesheet ships as a plain file: `import '@arion-metrics/react/styles.css'`. Its empty
    // declaration file lets TypeScript resolve that side-effect import (the `types` condition of
    // the export) without `vite/client` or a `*.css` module declaration in the host.
    async onSuccess() {
      await markUseClient('dist/index.js');
      await copyFile('src/styles.css', 'dist/styles.css');
      const declaration =
        '// @arion-metrics/react/styles.css is imported for its side effect only.\nexport {};\n';
      await writeFile('dist/styles.css.d.ts', declaration);
      await writeFile('dist/styles.css.d.cts', declaration);
    },
  },
  {
    ...shared,
    // Node's `require` gets one file per public entry: tree-shaking does not apply there.
    entry: { index: 'src/index.ts', 'client/index': 'src/client/index.ts' },
    format: ['cjs'],
    async onSuccess() {
      await markUseClient('dist/index.cjs');
    },
  },
]);
