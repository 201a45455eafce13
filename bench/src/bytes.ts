import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Bytes of `source` (an entry module) bundled and minified by esbuild for the browser, then gzipped. */
export async function bundleGzipBytes(source: string, external: string[]): Promise<number> {
  const result = await build({
    stdin: { contents: source, resolveDir: import.meta.dirname, loader: 'js' }, bundle: true, minify: true, format: 'esm',
    platform: 'node', write: false, logLevel: 'silent', external: ['node:*', ...external], legalComments: 'none',
  });
  return gzipSync(result.outputFiles[0].contents).byteLength;
}

/** A file's size after gzip (level 6, as servers compress). */
export function gzipFileBytes(file: string): number {
  return gzipSync(readFileSync(file)).byteLength;
}
