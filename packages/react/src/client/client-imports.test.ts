// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The client's production modules (tests excluded). */
const modules = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
);

describe('@arion-metrics/react/client', () => {
  it("imports only its own modules (and core's types): no React, no widget, no server, so any runtime can load it", () => {
    expect(modules).toContain('index.ts');
    for (const file of modules) {
      const source = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
      // `import type` is erased from the output: the wire types come from core's row types.
      const specifiers = [
        ...source.matchAll(/^\s*(?:import(?! type)|export(?! type))\b[^'"]*?from\s+['"]([^'"]+)['"]/gm),
      ].map((m) => m[1]);
      for (const specifier of specifiers)
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w-]+$/);
    }
  });
});
