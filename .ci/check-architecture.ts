/**
 * `pnpm check:architecture` (part of `pnpm check`): the import rules of ARCHITECTURE.md, read
 * from the sources with TypeScript's own import scanner.
 *
 * - core imports neither server nor react, and no Node built-in (it does no IO);
 * - react never imports server, server never imports react;
 * - inside core, folders import only folders of a lower layer ({@link CORE_LAYERS});
 * - inside each package, no import loop between modules (tests and test helpers excluded).
 * Prints every broken rule with the file and the import, and exits 1 when there is one; the loops
 * listed in {@link KNOWN_LOOPS} are printed as warnings until they are fixed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGES = ['core', 'server', 'react'] as const;
type PackageName = (typeof PACKAGES)[number];

/** What each package must never import (a specifier prefix) and why. */
const FORBIDDEN: Record<PackageName, readonly { prefix: string; why: string }[]> = {
  core: [
    { prefix: '@arion-metrics/server', why: 'core is below server' },
    { prefix: '@arion-metrics/react', why: 'core is below react' },
    { prefix: 'node:', why: 'core does no IO and runs in a browser' },
  ],
  server: [{ prefix: '@arion-metrics/react', why: 'server and react stand side by side on core' }],
  react: [{ prefix: '@arion-metrics/server', why: 'react reaches the server over HTTP only' }],
};

/**
 * Core's folders, bottom to top: a folder imports only from its own or a lower layer, so a
 * rule's building blocks never depend on the rules built from them.
 */
const CORE_LAYERS: readonly (readonly string[])[] = [
  ['primitives'],
  ['schema'],
  ['periods', 'stats', 'series', 'decimal'],
  ['format', 'formula'],
  ['engine', 'thresholds', 'approvals'],
  ['dashboard'],
];
const coreLayer = (folder: string) => CORE_LAYERS.findIndex((layer) => layer.includes(folder));

/** The top folder of a core source file (`src/<folder>/...`), or '' for `src/index.ts`. */
function coreFolder(file: string): string {
  const parts = relative(join(ROOT, 'packages/core/src'), file).split('/');
  return parts.length > 1 ? (parts[0] ?? '') : '';
}

/** Tests and test-only helpers may import what they need. */
function isProductionSource(file: string): boolean {
  return (
    /\.(ts|tsx)$/.test(file) &&
    !/\.test\.tsx?$/.test(file) &&
    !file.includes('/testing/') &&
    !file.endsWith('.d.ts')
  );
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(isProductionSource);
}

/** Resolves a relative specifier to a source file of `files`, or undefined. */
function resolveRelative(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Import loops known today, reported as warnings (not failures) until their fix lands; any other
 * loop fails. Each entry is the set of files of one loop, relative to the root.
 */
const KNOWN_LOOPS: readonly (readonly string[])[] = [];
const isKnownLoop = (files: readonly string[]) =>
  KNOWN_LOOPS.some((known) => new Set(files).size === known.length && known.every((f) => files.includes(f)));

const problems: string[] = [];
const warnings: string[] = [];
for (const name of PACKAGES) {
  const files = sourceFiles(join(ROOT, 'packages', name, 'src'));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const edges: string[] = [];
    for (const { fileName: specifier } of importedFiles) {
      for (const rule of FORBIDDEN[name]) {
        if (specifier.startsWith(rule.prefix)) {
          problems.push(`${relative(ROOT, file)} imports ${specifier}: ${rule.why}`);
        }
      }
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier, known);
        if (target) edges.push(target);
        if (target && name === 'core') {
          const [from, to] = [coreFolder(file), coreFolder(target)];
          if (from !== '' && from !== to && coreLayer(to) > coreLayer(from)) {
            problems.push(`${relative(ROOT, file)} imports ${specifier}: core/${from} is below core/${to}`);
          }
        }
      }
    }
    graph.set(file, edges);
  }
  for (const cycle of findCycles(graph)) {
    const files = cycle.map((f) => relative(ROOT, f));
    (isKnownLoop(files) ? warnings : problems).push(
      `import loop in @arion-metrics/${name}: ${files.join(' -> ')}`,
    );
  }
}

/** Every elementary loop found by a depth-first walk, each reported once (from its first file). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

if (warnings.length > 0) {
  console.warn(
    `Known debt, not failing yet (${warnings.length}):\n${warnings.map((w) => `  ${w}`).join('\n')}`,
  );
}
if (problems.length > 0) {
  console.error(
    `Architecture rules broken (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`Architecture rules hold for ${PACKAGES.map((p) => `@arion-metrics/${p}`).join(', ')}.`);
