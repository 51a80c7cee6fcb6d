#!/usr/bin/env node
// The published command: the build of src/bin.ts. Inside the repository, with nothing built,
// run `pnpm arion-metrics ...` at the root instead (it runs the sources).
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error(
      'arion-metrics: this copy of @arion-metrics/server is not built (no dist/bin.js). In the repository run `pnpm arion-metrics <command>` (from source) or `pnpm build` first.',
    );
    process.exit(1);
  }
  throw error;
});
