/**
 * The `arion-metrics` command: runs {@link main} with the process's arguments and exits with its
 * code. The published bin (`bin/arion-metrics.js`) loads the build of this file; inside the
 * repository `pnpm arion-metrics ...` runs it from source, with nothing built.
 */
import { main } from './cli';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
