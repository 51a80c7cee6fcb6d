/**
 * `pnpm test:packages`: the three packages as a host gets them from npm.
 *
 * Builds and packs each package (`pnpm pack`, so `workspace:*` and `publishConfig` are applied as
 * on publishing), installs the three tarballs with npm into a scratch project outside the
 * workspace, and there:
 * 1. lists what each tarball ships (dist, README, bin — no sources, tests or test helpers);
 * 2. imports each package in ESM (`project/esm.mjs`) and CommonJS (`project/cjs.cjs`);
 * 3. runs the published bin: `npx arion-metrics migrate` on an embedded database;
 * 4. type-checks `project/consumer.ts` (all three packages and `styles.css`) with `strict` and
 *    `skipLibCheck: false`, under moduleResolution node16 and bundler, and checks that PGlite's
 *    declarations were not among the files checked (a host on PostgreSQL never pays for them).
 * Needs nothing built beforehand and the npm registry for the host's own dependencies.
 */
import { type ExecFileSyncOptions, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const PACKAGES = ['core', 'server', 'react'] as const;
/** The host's own dependencies, pinned to the versions the workspace is tested with. */
const HOST_DEPENDENCIES = [
  'react@19.3.1',
  'react-dom@19.3.1',
  'kysely@0.28.19',
  'typescript@6.0.3',
  '@types/react@19.3.0',
  '@types/react-dom@19.3.0',
  '@types/node@20.19.9',
];
/** What a tarball may ship: the build, the README, the package manifest and the server's bin. */
const SHIPPED = /^package\/(dist\/|README\.md$|package\.json$|bin\/arion-metrics\.js$)/;
const FORBIDDEN = /\.test\.|\/testing\/|\/src\//;

function run(command: string, args: string[], options: ExecFileSyncOptions = {}): string {
  console.log(`$ ${command} ${args.join(' ')}`);
  return execFileSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  }) as string;
}

const scratch = mkdtempSync(join(tmpdir(), 'arion-npm-consumer-'));
try {
  console.log(`== build and pack (scratch project: ${scratch})`);
  run('pnpm', ['--filter', './packages/*', 'run', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarballs = PACKAGES.map((name) => {
    const tarball = join(scratch, `arion-metrics-${name}.tgz`);
    run('pnpm', ['pack', '--out', tarball], { cwd: join(ROOT, 'packages', name) });
    const files = run('tar', ['tzf', tarball]).trim().split('\n');
    const stray = files.filter((f) => !SHIPPED.test(f) || FORBIDDEN.test(f));
    if (stray.length > 0)
      throw new Error(`@arion-metrics/${name} ships files it should not: ${stray.join(', ')}`);
    console.log(
      `@arion-metrics/${name}: ${files.length} files, all under dist/, README.md, package.json or bin/`,
    );
    return tarball;
  });

  console.log('== install the tarballs with npm');
  cpSync(join(import.meta.dirname, 'project'), scratch, { recursive: true });
  writeFileSync(
    join(scratch, 'package.json'),
    `${JSON.stringify({ name: 'host-app', private: true }, null, 2)}\n`,
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...HOST_DEPENDENCIES], {
    cwd: scratch,
  });

  console.log('== import in ESM and CommonJS');
  process.stdout.write(run('node', ['esm.mjs'], { cwd: scratch }));
  process.stdout.write(run('node', ['cjs.cjs'], { cwd: scratch }));

  console.log('== the published bin');
  const migrate = run('npx', ['--no-install', 'arion-metrics', 'migrate'], {
    cwd: scratch,
    env: { ...process.env, DATABASE_URL: '', ARION_DATA_DIR: join(scratch, 'data') },
  });
  process.stdout.write(migrate);
  if (!/Tables \(\d+\):/.test(migrate)) throw new Error('arion-metrics migrate did not list the tables');

  console.log('== type-check a host file: strict, skipLibCheck false');
  for (const [module, moduleResolution] of [
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ] as const) {
    const config = {
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        module,
        moduleResolution,
        target: 'es2022',
        lib: ['es2023', 'dom'],
        types: ['node'],
        jsx: 'react-jsx',
      },
      files: ['consumer.ts'],
    };
    const file = `tsconfig.${moduleResolution}.json`;
    writeFileSync(join(scratch, file), JSON.stringify(config, null, 2));
    const checked = run(join(scratch, 'node_modules/.bin/tsc'), ['-p', file, '--listFiles'], {
      cwd: scratch,
    });
    // A host on PostgreSQL must not type-check the embedded engine's declarations.
    const pglite = checked.split('\n').filter((f) => f.includes('@electric-sql/pglite'));
    if (pglite.length > 0) throw new Error(`PGlite's declarations were type-checked: ${pglite.join(', ')}`);
    console.log(
      `consumer.ts type-checks under moduleResolution ${moduleResolution} (PGlite's types not loaded)`,
    );
  }
  const installed = JSON.parse(readFileSync(join(scratch, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  console.log(`packages: ok (${Object.keys(installed.dependencies).length} dependencies in the host)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
