/**
 * The slice of Node's API that the palette test (run in Node) needs to read `styles.css`; the
 * package itself has no Node types, as it runs in browsers.
 */
declare module 'node:fs' {
  export function readFileSync(path: string, encoding: 'utf8'): string;
}
declare module 'node:url' {
  export function fileURLToPath(url: URL): string;
}
