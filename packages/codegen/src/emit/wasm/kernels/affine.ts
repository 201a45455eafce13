/**
 * A per-channel affine map with an activation, y = act(x·scale + shift): batch norm at inference
 * when it cannot be folded into a preceding convolution (after an add or a concat, or as the first
 * layer on the input). Scale and shift are packed as lanes, [lanes(C) scales][lanes(C) shifts] with
 * zeros in the padding lanes, so a pixel's channel vectors meet theirs one for one and the padding
 * lanes come out 0·x + 0 = 0.
 *
 * `packBatchNorm2d` derives scale and shift with the runtime's `batchNormAffine` — the one place
 * that arithmetic lives (the interpreter and the compiler's folding call it too) — and rounds them
 * to float32 once. The kernel then rounds x·scale and the sum, as float32 arithmetic does; the
 * interpreter's float64 sum differs by about an ulp of the larger term.
 */
import { batchNormAffine } from '@stride/runtime';
import { FunctionBuilder } from '../encoder.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';
import { emitActivation, type Activation } from './epilogue.js';

export interface AffineParams {
  name: string;
  input: NhwcBuffer;
  /** The input's shape; may be the input itself (in place). */
  output: NhwcBuffer;
  /** Byte address of `packAffine`'s (or `packBatchNorm2d`'s) output. */
  params: number;
  activation?: Activation;
}

/** [lanes(C) scales][lanes(C) shifts], zeros in the padding lanes. */
export function packAffine(scale: ArrayLike<number>, shift: ArrayLike<number>, channels: number): Float32Array {
  const width = lanes(channels);
  const packed = new Float32Array(2 * width);
  for (let c = 0; c < channels; c++) {
    packed[c] = scale[c];
    packed[width + c] = shift[c];
  }
  return packed;
}

/** An unfolded batchNorm2d's parameters (PyTorch's names) as `packAffine`'s layout. */
export function packBatchNorm2d(params: Parameters<typeof batchNormAffine>[0], eps: number, channels: number): Float32Array {
  const affine = Array.from({ length: channels }, (_, c) => batchNormAffine(params, eps, c));
  return packAffine(affine.map((a) => a.scale), affine.map((a) => a.shift), channels);
}

export function affineKernel(p: AffineParams): FunctionBuilder {
  const { input, output } = p;
  if (input.batch !== output.batch || input.channels !== output.channels || input.height !== output.height || input.width !== output.width) {
    throw new Error(`${p.name}: an affine map keeps the shape`);
  }
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const vectorBytes = 4 * lanes(input.channels);
  const f = new FunctionBuilder(p.name);
  f.comment(`x·scale + shift per channel on [${input.batch}, ${input.channels}, ${input.height}, ${input.width}]`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const x = f.local('x', 'i32');
  const c = f.local('c', 'i32');
  const pin = f.local('pin', 'i32');
  const pout = f.local('pout', 'i32');
  const value = f.local('value', 'v128');
  const temp = f.local('tmp', 'v128');
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, input.batch, () => {
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, input.height, () => {
      f.get(n).i32(inS.image).op('i32.mul').get(y).i32(inS.row).op('i32.mul').op('i32.add').i32(input.offset).op('i32.add').set(pin);
      f.get(n).i32(outS.image).op('i32.mul').get(y).i32(outS.row).op('i32.mul').op('i32.add').i32(output.offset).op('i32.add').set(pout);
      f.setTo(x, 0);
      f.countedLoop('pixels', x, 1, input.width, () => {
        f.setTo(c, 0);
        f.countedLoop('channels', c, 16, vectorBytes, () => {
          f.get(pin).get(c).op('i32.add').mem('v128.load');
          f.get(c).mem('v128.load', { offset: p.params }).op('f32x4.mul');
          f.get(c).mem('v128.load', { offset: p.params + vectorBytes }).op('f32x4.add').set(value);
          emitActivation(f, p.activation, value, temp);
          f.get(pout).get(c).op('i32.add').get(value).mem('v128.store');
        });
        f.addTo(pin, inS.pixel).addTo(pout, outS.pixel);
      });
    });
  });
  return f;
}
