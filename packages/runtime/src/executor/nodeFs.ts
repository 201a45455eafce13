/**
 * Node's `fs`, for reading weights from a file path. Taken from `process.getBuiltinModule` (Node ≥
 * 20.16) rather than imported: a bundle for the web must not import `node:fs`, and bundlers
 * (Vite's Rollup/Rolldown, esbuild, webpack) resolve or stub even a dynamic `import('node:fs')` —
 * Vite emitted a `__vite-browser-external` chunk for it. A page passes a URL or bytes and never
 * gets here.
 */
export function nodeFs(): typeof import('node:fs') {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = node?.getBuiltinModule?.('node:fs');
  if (!fs) throw new Error('reading weights from a file path needs Node.js 20.16 or later (in a browser, pass a URL or the bytes)');
  return fs as typeof import('node:fs');
}
