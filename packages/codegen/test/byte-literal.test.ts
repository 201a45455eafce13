/**
 * A wasm bundle carries its module as a string of one character per byte (`byteLiteral`), read back
 * by the runtime's `decodeByteString`: every byte value survives the literal as written, esbuild's
 * minification (as `stride build` and the users' bundlers run it) and a script tag; gzip gains what
 * it should; a character that is no byte gets a sentence, not garbage.
 */
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { decodeByteString } from '@stride/runtime/executor';
import { StrideError } from '@stride/runtime';
import { ModuleBuilder } from '../src/emit/wasm/encoder.js';
import { placeNhwc } from '../src/emit/wasm/kernels/buffer.js';
import { conv2dKernel } from '../src/emit/wasm/kernels/conv2d.js';
import { byteLiteral } from '../src/emit/writer.js';

const every = Uint8Array.from({ length: 512 }, (_, i) => (i * 167 + (i >> 8)) & 0xff);

describe('byteLiteral and decodeByteString', () => {
  it('carries all 256 byte values, in the literal as written and after esbuild minifies it', async () => {
    expect(new Set(every).size).toBe(256);
    const literal = byteLiteral(every);
    expect(literal).toMatch(/^"[\x20-\x7e]*"$/); // ASCII only: no encoding can change it
    expect(literal.slice(1, -1).replace(/\\x[0-9a-f]{2}/g, '')).not.toMatch(/[\\"<]/); // escapes are \xNN only
    const written = new Function(`return ${literal};`)() as string;
    expect(decodeByteString(written, 'm')).toEqual(every);
    for (const charset of ['ascii', 'utf8'] as const) {
      const { code } = await transform(`export const wasm = ${literal};`, { minify: true, format: 'esm', charset });
      const minified = new Function(`${code.replace(/export\s*\{\s*(\w+)\s+as\s+wasm\s*\};?/, 'return $1;')}`)() as string;
      expect(decodeByteString(minified, 'm')).toEqual(every);
    }
  });

  it('gzips a real module better than base64 does', () => {
    // Kernels' bytes: repeated instruction sequences, as every bundle's are.
    const module = new ModuleBuilder({ initial: 1 });
    for (let k = 0; k < 6; k++) {
      const input = placeNhwc(0, { batch: 1, height: 8 + k, width: 8 + k, channels: 16 }, { top: 1, bottom: 1, left: 1, right: 1 });
      const output = placeNhwc(65536, { batch: 1, height: 8 + k, width: 8 + k, channels: 32 }, { top: 0, bottom: 0, left: 0, right: 0 });
      module.add(conv2dKernel({ name: `c${k}`, input, output, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: { top: 1, left: 1 }, groups: 1, weights: 131072, activation: { op: 'relu' } }));
    }
    const bytes = module.encode();
    const asString = gzipSync(Buffer.from(byteLiteral(bytes))).length;
    const asBase64 = gzipSync(Buffer.from(JSON.stringify(Buffer.from(bytes).toString('base64')))).length;
    expect(asString).toBeLessThan(0.8 * asBase64);
  });

  it('refuses a character past U+00FF, naming the model and the place', () => {
    expect(() => decodeByteString('\0asm\u0100', 'tiny')).toThrow(StrideError);
    expect(() => decodeByteString('\0asm\u0100', 'tiny')).toThrow(/model "tiny": character 4 of its WebAssembly module is U\+0100, not a byte .*rebuild it/);
  });
});
