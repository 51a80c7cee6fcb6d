import { rm } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

// The two builds below run at the same time, so neither may clean `dist/` (it could delete the
// other's files): it is emptied once here, when the config loads.
await rm('dist', { recursive: true, force: true });

/** Options shared by the ESM and CommonJS builds. */
const shared = {
  target: 'es2022',
  sourcemap: true,
  treeshake: true,
  dts: { entry: 'src/index.ts', compilerOptions: { ignoreDeprecations: '6.0' } },
} satisfies Options;

export default defineConfig([
  {
    ...shared,
    // Every source module is an entry, so the ESM build keeps one output module per source module
    // (shared code lands in chunks). With `"sideEffects": false` a bundler then drops whole modules a
    // consumer does not use: a widget that formats numbers does not carry the zod schemas with it.
    // Only `dist/index.js` is public (package.json `exports`); the other files are its parts.
    entry: ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/testing-fixtures.ts', '!src/testing/**'],
    format: ['esm'],
    splitting: true,
  },
  {
    ...shared,
    // Node's `require` gets one file: tree-shaking does not apply there.
    entry: ['src/index.ts'],
    format: ['cjs'],
  },
]);
