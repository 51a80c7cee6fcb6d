import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  // The stylesheet ships as a plain file: `import '@arion-metrics/react/styles.css'`.
  async onSuccess() {
    await copyFile('src/styles.css', 'dist/styles.css');
  },
});
