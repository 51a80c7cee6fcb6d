// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The client's production modules (tests excluded). */
const modules = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
);

describe('@arion-metrics/react/client', () => {
  it('imports only its own modules: no React, no widget, no server, so any runtime can load it', () => {
    expect(modules).toContain('index.ts');
    for (const file of modules) {
      const source = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
      const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
        (m) => m[1],
      );
      for (const specifier of specifiers)
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w-]+$/);
    }
  });
});
