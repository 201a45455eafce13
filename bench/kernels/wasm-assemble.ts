/**
 * What assembling a network's kernels costs: the kernels of a ResNet-18-shaped network (stem,
 * pooling, 16 3×3 convolutions, 3 1×1 downsamples, residual epilogues, global pooling, the
 * classifier) generated and encoded by Stride's encoder, then compiled by V8; and, when wabt is
 * available (it is no dependency: `npm install wabt` somewhere and pass its folder as WABT_DIR),
 * the same module's WAT text assembled by wabt, whose bytes must equal the encoder's.
 *
 *   WABT_DIR=/path/to/folder/with/node_modules npx tsx bench/kernels/wasm-assemble.ts
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FunctionBuilder, ModuleBuilder } from '../../packages/codegen/src/emit/wasm/encoder.js';
import { placeNhwc, type NhwcBuffer } from '../../packages/codegen/src/emit/wasm/kernels/buffer.js';
import { conv2dKernel } from '../../packages/codegen/src/emit/wasm/kernels/conv2d.js';
import { globalAvgPoolKernel, pool2dKernel } from '../../packages/codegen/src/emit/wasm/kernels/pool2d.js';
import { nchwToNhwcKernel } from '../../packages/codegen/src/emit/wasm/kernels/layout.js';

/** Every kernel of the network, offsets made up but in range (this measures assembly, not running). */
function resnet18Kernels(): FunctionBuilder[] {
  let top = 1 << 16;
  const buffer = (size: number, channels: number, border = 1): NhwcBuffer => {
    const b = placeNhwc(top, { batch: 1, height: size, width: size, channels }, { top: border, bottom: border, left: border, right: border });
    top += (size + 2 * border) ** 2 * channels * 4;
    return b;
  };
  const kernels: FunctionBuilder[] = [];
  const conv = (input: NhwcBuffer, channels: number, k: number, stride: number, residual?: NhwcBuffer) => {
    const size = Math.floor((input.height + 2 * ((k - 1) >> 1) - k) / stride) + 1;
    const output = buffer(size, channels);
    kernels.push(conv2dKernel({
      name: `conv${kernels.length}`, input, output, kernel: [k, k], stride: [stride, stride], dilation: [1, 1],
      padding: { top: (k - 1) >> 1, left: (k - 1) >> 1 }, groups: 1, weights: 64, bias: 128, residual, activation: { op: 'relu' },
    }));
    return output;
  };
  const image = buffer(224, 3, 3);
  kernels.push(nchwToNhwcKernel({ name: 'to_nhwc', nchw: 64, nhwc: image }));
  const stem = conv(image, 64, 7, 2);
  let x = buffer(56, 64);
  kernels.push(pool2dKernel({ name: 'maxpool', kind: 'max', input: stem, output: x, kernel: [3, 3], stride: [2, 2], padding: { top: 1, left: 1 } }));
  for (const [channels, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
    for (let block = 0; block < 2; block++) {
      const s = block === 0 ? stride : 1;
      const shortcut = s === 1 && x.channels === channels ? x : conv(x, channels, 1, s);
      x = conv(conv(x, channels, 3, s), channels, 3, 1, shortcut);
    }
  }
  const pooled = buffer(1, 512, 0);
  kernels.push(globalAvgPoolKernel({ name: 'gap', input: x, output: pooled }));
  kernels.push(conv2dKernel({
    name: 'fc', input: pooled, output: buffer(1, 1000, 0), kernel: [1, 1], stride: [1, 1], dilation: [1, 1], padding: { top: 0, left: 0 }, groups: 1, weights: 64,
  }));
  return kernels;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = (f: () => void, runs = 9) => median(Array.from({ length: runs }, () => {
  const start = performance.now();
  f();
  return performance.now() - start;
}));

const build = () => {
  const module = new ModuleBuilder({ initial: 1 });
  for (const fn of resnet18Kernels()) module.add(fn);
  return module;
};
let module = build();
const generateMs = time(() => {
  module = build();
}, 21);
let bytes = module.encode({ names: false });
const encodeMs = time(() => {
  bytes = module.encode({ names: false });
}, 21);
const text = module.toText();
const textMs = time(() => module.toText(), 21);
console.log(`${resnet18Kernels().length} kernels, ${(bytes.length / 1024).toFixed(1)} KB of wasm, ${(text.length / 1024).toFixed(0)} KB of WAT text`);
console.log(`Stride: generate the kernels (bytes and text lines as they are written) ${generateMs.toFixed(2)} ms, encode the module ${encodeMs.toFixed(2)} ms, print the text ${textMs.toFixed(2)} ms (medians of 21)`);
// V8 caches compiled modules by their bytes; only the first compile of these bytes is a compile.
const start = performance.now();
new WebAssembly.Module(bytes);
console.log(`V8 compile of the module, first time: ${(performance.now() - start).toFixed(2)} ms`);

if (process.env.WABT_DIR) {
  const require = createRequire(join(process.env.WABT_DIR, 'node_modules', '/'));
  const wabt = await (require('wabt') as () => Promise<{ parseWat(name: string, text: string, features: object): { toBinary(options: object): { buffer: Uint8Array }; destroy(): void } }>)();
  let theirs: Uint8Array = new Uint8Array();
  const wabtMs = time(() => {
    const parsed = wabt.parseWat('resnet18.wat', text, { simd: true, relaxed_simd: true, bulk_memory: true });
    theirs = parsed.toBinary({}).buffer;
    parsed.destroy();
  });
  const equal = theirs.length === bytes.length && theirs.every((b, i) => b === bytes[i]);
  console.log(`wabt parseWat + toBinary of the text: ${wabtMs.toFixed(2)} ms; bytes ${equal ? 'identical to' : 'DIFFERENT from'} the encoder's`);
}
