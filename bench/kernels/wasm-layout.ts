/**
 * The layout probe behind buffer.ts's choice: the same register-blocked 3×3 convolution (4 pixels ×
 * 8 output channels, one k-loop per tap) over NHWC (channels as lanes, conv2dKernel) and over
 * NCHW4 ([C/4][H][W][4], the NCHWc family with c = 4), interleaved in one process, medians; and a
 * 1×1 case. NCHW4 cannot walk its channels with one pointer step — channel c of a pixel is at
 * (c/4)·plane + 4·(c mod 4) — so its k-loop either does four k-steps per body (one channel block)
 * or nests a four-step loop inside a loop over blocks. Both variants are checked to compute the
 * same result as the NHWC kernel before they are timed.
 *
 *   npx tsx bench/kernels/wasm-layout.ts [rounds]
 */
import { FunctionBuilder, ModuleBuilder } from '../../packages/codegen/src/emit/wasm/encoder.js';
import { bytesOf, placeNhwc, stridesOf } from '../../packages/codegen/src/emit/wasm/kernels/buffer.js';
import { conv2dFlops, conv2dKernel, packConv2dWeights, type Conv2dParams } from '../../packages/codegen/src/emit/wasm/kernels/conv2d.js';

const rounds = Number(process.argv[2] ?? 11);
const P = 4;
const Q = 8;

/** NCHW4 direct convolution, stride 1, k×k with zero padding stored in each plane. */
function nchw4Kernel(name: string, c: number, o: number, size: number, k: number, at: { input: number; output: number; weights: number }, variant: 'unrolled' | 'nested'): FunctionBuilder {
  const pad = (k - 1) / 2;
  const padded = size + 2 * pad;
  const row = padded * 16;
  const plane = padded * row;
  const outPlane = size * size * 16;
  const f = new FunctionBuilder(name);
  const [oy, t, ob, i, end, w, inner, innerEnd, inRow, inPix, outPix] = ['oy', 't', 'ob', 'i', 'end', 'w', 'j', 'j_end', 'in_row', 'in_px', 'out_px'].map((n) => f.local(n, 'i32'));
  const acc = Array.from({ length: P * 2 }, (_, n) => f.local(`acc${n}`, 'v128'));
  const wv = [f.local('w0', 'v128'), f.local('w1', 'v128')];
  const x = f.local('x', 'v128');
  const step = (lane: number, tapOffset: number) => {
    for (let v = 0; v < 2; v++) f.get(w).mem('v128.load', { offset: lane * 32 + 16 * v }).set(wv[v]);
    for (let p = 0; p < P; p++) {
      f.get(i).mem('v128.load32_splat', { offset: tapOffset + p * 16 + 4 * lane }).set(x);
      for (let v = 0; v < 2; v++) f.get(acc[p * 2 + v]).get(x).get(wv[v]).op('f32x4.mul').op('f32x4.add').set(acc[p * 2 + v]);
    }
  };
  f.setTo(inRow, at.input).setTo(outPix, at.output).setTo(oy, 0);
  f.countedLoop('rows', oy, 1, size, () => {
    f.get(inRow).set(inPix).setTo(t, 0);
    f.countedLoop('tiles', t, 1, size / P, () => {
      f.setTo(w, at.weights).setTo(ob, 0);
      f.countedLoop('blocks', ob, 1, o / Q, () => {
        for (const a of acc) f.f32x4([0, 0, 0, 0]).set(a);
        for (let ky = 0; ky < k; ky++) {
          for (let kx = 0; kx < k; kx++) {
            const tap = ky * row + kx * 16;
            f.get(inPix).tee(i).i32((c / 4) * plane).op('i32.add').set(end);
            if (variant === 'unrolled') {
              f.countedLoop('k', i, plane, end, () => {
                for (let lane = 0; lane < 4; lane++) step(lane, tap);
                f.addTo(w, 4 * 32);
              });
            } else {
              f.loop('k', () => {
                f.get(i).i32(16).op('i32.add').set(innerEnd);
                f.loop('lanes', () => {
                  step(0, tap);
                  f.addTo(w, 32).addTo(i, 4).get(i).get(innerEnd).op('i32.ne').brIf('lanes');
                });
                f.addTo(i, plane - 16).get(i).get(end).op('i32.ne').brIf('k');
              });
            }
          }
        }
        // Output NCHW4 too: the block's two vectors go to two planes.
        f.get(ob).i32(2 * outPlane).op('i32.mul').get(outPix).op('i32.add').set(inner);
        for (let p = 0; p < P; p++) for (let v = 0; v < 2; v++) f.get(inner).get(acc[p * 2 + v]).mem('v128.store', { offset: v * outPlane + p * 16 });
      });
      f.addTo(inPix, P * 16).addTo(outPix, P * 16);
    });
    f.addTo(inRow, row);
  });
  return f;
}

function setup(c: number, o: number, size: number, k: number) {
  const pad = (k - 1) / 2;
  const memory = new WebAssembly.Memory({ initial: 1 });
  let top = 64;
  const alloc = (bytes: number) => {
    const at = top;
    top = Math.ceil((at + bytes) / 64) * 64;
    const grow = Math.ceil(top / 65536) - memory.buffer.byteLength / 65536;
    if (grow > 0) memory.grow(grow);
    return at;
  };
  const shape = { batch: 1, height: size, width: size, channels: c };
  const border = { top: pad, bottom: pad, left: pad, right: pad };
  const nhwcIn = placeNhwc(alloc(bytesOf(placeNhwc(0, shape, border))), shape, border);
  const nhwcOut = placeNhwc(alloc(size * size * o * 4), { batch: 1, height: size, width: size, channels: o });
  const padded = size + 2 * pad;
  const nchw4In = alloc(c * padded * padded * 4);
  const nchw4Out = alloc(o * size * size * 4);
  const params: Conv2dParams = {
    name: 'nhwc', input: nhwcIn, output: nhwcOut, kernel: [k, k], stride: [1, 1], dilation: [1, 1], padding: { top: pad, left: pad }, groups: 1,
    weights: 0, tile: { pixels: P, channels: Q }, taps: 'each', order: 'pixels',
  };
  const weights = packConv2dWeights(params, Float32Array.from({ length: o * c * k * k }, (_, n) => Math.sin(n) * 0.1));
  params.weights = alloc(weights.length * 4);
  const floats = () => new Float32Array(memory.buffer);
  floats().set(weights, params.weights / 4);
  // The same image in both layouts (zeros in the borders).
  const { pixel, row } = stridesOf(nhwcIn);
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const value = Math.cos(ch * 7 + y * 3 + x);
        floats()[(nhwcIn.offset + y * row + x * pixel) / 4 + ch] = value;
        floats()[(nchw4In + Math.floor(ch / 4) * padded * padded * 16 + ((y + pad) * padded + x + pad) * 16) / 4 + (ch % 4)] = value;
      }
    }
  }
  const nhwc = conv2dKernel(params);
  const module = new ModuleBuilder({ initial: 1 }).add(nhwc);
  for (const variant of ['unrolled', 'nested'] as const) module.add(nchw4Kernel(`nchw4_${variant}`, c, o, size, k, { input: nchw4In, output: nchw4Out, weights: params.weights }, variant));
  const exports = new WebAssembly.Instance(new WebAssembly.Module(module.encode()), { env: { memory } }).exports as Record<string, (from?: number, to?: number) => void>;
  const check = (variant: string) => {
    exports.nhwc(0, nhwc.range!.units);
    exports[`nchw4_${variant}`]();
    let diff = 0;
    for (let ch = 0; ch < o; ch++) {
      for (let p = 0; p < size * size; p++) {
        const a = floats()[(nhwcOut.offset + p * 4 * o) / 4 + ch];
        const b = floats()[(nchw4Out + Math.floor(ch / 4) * size * size * 16 + p * 16) / 4 + (ch % 4)];
        diff = Math.max(diff, Math.abs(a - b));
      }
    }
    if (diff > 1e-4) throw new Error(`NCHW4 ${variant} differs from NHWC by ${diff}`);
  };
  check('unrolled');
  check('nested');
  const whole = { ...exports, nhwc: () => exports.nhwc(0, nhwc.range!.units) } as Record<string, () => void>;
  return { exports: whole, flops: conv2dFlops(params) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [c, o, size, k] of [[64, 64, 56, 3], [64, 256, 56, 1], [128, 128, 28, 3]]) {
  const { exports, flops } = setup(c, o, size, k);
  const names = ['nhwc', 'nchw4_unrolled', 'nchw4_nested'];
  for (const name of names) for (let n = 0; n < 20; n++) exports[name]();
  const times = names.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    names.forEach((name, index) => {
      const start = performance.now();
      for (let n = 0; n < 5; n++) exports[name]();
      times[index].push((performance.now() - start) / 5);
    });
  }
  console.log(`${k}×${k} conv ${c}→${o} at ${size}², tile ${P}×${Q}:`);
  names.forEach((name, index) => console.log(`  ${name.padEnd(16)} ${median(times[index]).toFixed(3)} ms  ${(flops / median(times[index]) / 1e6).toFixed(1)} GFLOP/s`));
}
