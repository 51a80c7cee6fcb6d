/**
 * The slice of Node's API that the tests run in Node need (the palette test reads `styles.css`,
 * the README gallery test the README and the story baselines); the package itself has no Node
 * types, as it runs in browsers.
 */
declare module 'node:fs' {
  export function readFileSync(path: string, encoding: 'utf8'): string;
  export function existsSync(path: string): boolean;
  export function readdirSync(path: string): string[];
}
declare module 'node:url' {
  export function fileURLToPath(url: URL): string;
}
