/**
 * Max and average pooling over channel vectors, and global average pooling.
 *
 * Windows read the stored border instead of being clipped, so the border must hold the pooling's
 * identity wherever a window reaches (the padding and, in ceil mode, the overhang of the last
 * window past the padding): −∞ for max — or zeros when the values are known non-negative, as after
 * a relu — and zeros for average. The average's divisor is what PyTorch uses (the window clipped
 * to the padded input, or to the input without `countIncludePad`); it factors into a row count and
 * a column count, which `packAvgPool2dCounts` tabulates per output row and column.
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { checkReach, lanes, stridesOf, type NhwcBuffer } from './buffer.js';
import { emitActivation, type Activation } from './epilogue.js';

export interface Pool2dParams {
  name: string;
  kind: 'max' | 'avg';
  input: NhwcBuffer;
  output: NhwcBuffer;
  kernel: [number, number];
  stride: [number, number];
  /** Max pooling only; average pooling has none in PyTorch. */
  dilation?: [number, number];
  padding: { top: number; left: number };
  /** Average only: byte address of `packAvgPool2dCounts`'s output. */
  counts?: number;
  activation?: Activation;
}

/** How far past the image the windows reach on each side: the border the input needs. */
export function pool2dReach(p: Omit<Pool2dParams, 'name' | 'kind' | 'counts' | 'activation'>): { top: number; bottom: number; left: number; right: number } {
  const [dh, dw] = p.dilation ?? [1, 1];
  const bottom = (p.output.height - 1) * p.stride[0] - p.padding.top + (p.kernel[0] - 1) * dh + 1 - p.input.height;
  const right = (p.output.width - 1) * p.stride[1] - p.padding.left + (p.kernel[1] - 1) * dw + 1 - p.input.width;
  return { top: p.padding.top, left: p.padding.left, bottom: Math.max(0, bottom), right: Math.max(0, right) };
}

/** Row counts (one per output row), then column counts (one per output column), as floats. */
export function packAvgPool2dCounts(p: Pool2dParams, countIncludePad: boolean): Float32Array {
  const counts = (outSize: number, inSize: number, kernel: number, stride: number, pad: number) => Array.from({ length: outSize }, (_, o) => {
    const start = o * stride - pad;
    const end = Math.min(start + kernel, inSize + pad);
    return countIncludePad ? end - start : Math.min(end, inSize) - Math.max(start, 0);
  });
  return Float32Array.from([
    ...counts(p.output.height, p.input.height, p.kernel[0], p.stride[0], p.padding.top),
    ...counts(p.output.width, p.input.width, p.kernel[1], p.stride[1], p.padding.left),
  ]);
}

export function pool2dKernel(p: Pool2dParams): FunctionBuilder {
  const { input, output } = p;
  if (input.channels !== output.channels || input.batch !== output.batch) throw new Error(`${p.name}: pooling keeps batch and channels`);
  if (p.kind === 'avg' && p.counts === undefined) throw new Error(`${p.name}: average pooling needs its counts table`);
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [dh, dw] = p.dilation ?? [1, 1];
  const reach = pool2dReach(p);
  checkReach(input, p.name, -reach.top, input.height + reach.bottom, -reach.left, input.width + reach.right);
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const origin = input.offset - p.padding.top * inS.row - p.padding.left * inS.pixel;
  const vectorBytes = 4 * lanes(input.channels);

  // Ranged over output rows (of each image), as depthwise: a row reads its windows and writes only itself.
  const f = new FunctionBuilder(p.name, { from: 'i32', to: 'i32' });
  const [from, to] = f.params;
  f.range = { units: output.height, unit: 'rows' };
  f.comment(`${p.kind}Pool2d ${input.channels} ch ${kh}×${kw} stride ${sh}×${sw} dilation ${dh}×${dw} on ${input.height}×${input.width} → ${output.height}×${output.width}, batch ${input.batch}; output rows [from, to) of each image`);
  const n = f.local('n', 'i32');
  const oy = f.local('oy', 'i32');
  const ox = f.local('ox', 'i32');
  const c = f.local('c', 'i32');
  const inPix = f.local('in_px', 'i32');
  const outPix = f.local('out_px', 'i32');
  const inRow = f.local('in_row', 'i32');
  const outRow = f.local('out_row', 'i32');
  const a = f.local('a', 'i32');
  const acc = f.local('acc', 'v128');
  const divisor = f.local('divisor', 'v128');
  const temp = f.local('tmp', 'v128');
  // The max's value in flight and its NaN lanes (emitMaxStep).
  const [x, nan] = p.kind === 'max' ? [f.local('x', 'v128'), f.local('nan', 'v128')] : [];

  const pixel = () => {
    if (p.kind === 'avg' && p.counts !== undefined) {
      // The divisor of this output pixel: its row's count times its column's, both exact in f32.
      f.get(oy).i32(4).op('i32.mul').mem('f32.load', { offset: p.counts });
      f.get(ox).i32(4).op('i32.mul').mem('f32.load', { offset: p.counts + 4 * output.height });
      f.op('f32.mul').op('f32x4.splat').set(divisor);
    }
    f.setTo(c, 0);
    f.countedLoop('channels', c, 16, vectorBytes, () => {
      f.get(inPix).get(c).op('i32.add').set(a);
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          const offset = ky * dh * inS.row + kx * dw * inS.pixel;
          if (ky === 0 && kx === 0) {
            f.get(a).mem('v128.load', { offset }).set(acc);
            if (nan) f.get(acc).get(acc).op('f32x4.ne').set(nan);
          } else if (x && nan) emitMaxStep(f, acc, nan, x, () => f.get(a).mem('v128.load', { offset }));
          else f.get(acc).get(a).mem('v128.load', { offset }).op('f32x4.add').set(acc);
        }
      }
      if (nan) f.get(acc).get(nan).op('v128.or').set(acc);
      else f.get(acc).get(divisor).op('f32x4.div').set(acc);
      emitActivation(f, p.activation, acc, temp);
      f.get(outPix).get(c).op('i32.add').get(acc).mem('v128.store');
    });
  };

  // An empty range does nothing (warm() calls it so).
  f.get(from).get(to).op('i32.lt_s').ifElse(() => {
    f.setTo(n, 0);
    f.countedLoop('images', n, 1, input.batch, () => {
      f.get(n).i32(inS.image).op('i32.mul').get(from).i32(sh * inS.row).op('i32.mul').op('i32.add').i32(origin).op('i32.add').set(inRow);
      f.get(n).i32(outS.image).op('i32.mul').get(from).i32(outS.row).op('i32.mul').op('i32.add').i32(output.offset).op('i32.add').set(outRow);
      f.get(from).set(oy);
      f.countedLoop('rows', oy, 1, to, () => {
        f.get(inRow).set(inPix).get(outRow).set(outPix).setTo(ox, 0);
        f.countedLoop('pixels', ox, 1, output.width, () => {
          pixel();
          f.addTo(inPix, sw * inS.pixel).addTo(outPix, outS.pixel);
        });
        f.addTo(inRow, sh * inS.row).addTo(outRow, outS.row);
      });
    });
  });
  return f;
}

/**
 * acc = the reference's running maximum after one more value (pushed by `load`): taken when it is
 * greater or NaN, so ties keep the earlier value, as `value > best || isNaN(value)` does. pmax(acc,
 * x) = acc < x ? x : acc is that comparison in one x64 instruction; `f32x4.max`, which must also
 * order ±0 and pass on NaN, takes eight (ResNet-18's 3×3 max pool at 56²: 737 µs with it, 227 with
 * this; bench/kernels/steps.ts). A NaN acc stays; a NaN x, which the comparison skips, sets its
 * lanes in `nan`, all ones, which the caller ORs into the result at the end: a NaN.
 */
function emitMaxStep(f: FunctionBuilder, acc: Local, nan: Local, x: Local, load: () => void): void {
  load();
  f.tee(x).get(x).op('f32x4.ne').get(nan).op('v128.or').set(nan);
  f.get(acc).get(x).op('f32x4.pmax').set(acc);
}

export interface GlobalAvgPoolParams {
  name: string;
  input: NhwcBuffer;
  /** 1×1 images with the input's channels. */
  output: NhwcBuffer;
  activation?: Activation;
}

/** Channel vectors a global average pool sums at once, each in a register of its own (`globalAvgPoolKernel`). */
const globalPoolVectors = 8;

/**
 * The mean over each image (adaptiveAvgPool2d to 1×1): per channel, one running sum over all pixels
 * in row-major order, divided by their count as the reference does. The pixels are walked once per
 * group of up to 8 channel vectors, each summed in a register of its own: eight independent add
 * chains over the 128 contiguous bytes of each pixel, where one vector at a time walked the whole
 * image once per vector, one add chain long. Each channel's sum is the same sequence of adds either
 * way, so the bytes are too.
 */
export function globalAvgPoolKernel(p: GlobalAvgPoolParams): FunctionBuilder {
  const { input, output } = p;
  if (output.height !== 1 || output.width !== 1 || output.channels !== input.channels) throw new Error(`${p.name}: the output must be 1×1 with the input's channels`);
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const vectors = lanes(input.channels) / 4;
  const f = new FunctionBuilder(p.name);
  f.comment(`global average pool, ${input.channels} ch over ${input.height}×${input.width}, batch ${input.batch}: ${globalPoolVectors} channel vectors at a time`);
  const n = f.local('n', 'i32');
  const c = f.local('c', 'i32');
  const y = f.local('y', 'i32');
  const a = f.local('a', 'i32');
  const rowEnd = f.local('row_end', 'i32');
  const image = f.local('image', 'i32');
  const accs = Array.from({ length: Math.min(vectors, globalPoolVectors) }, (_, j) => f.local(`acc${j}`, 'v128'));
  const temp = f.local('tmp', 'v128');
  const count = input.height * input.width;
  // The channel vectors [c, c + 16·width) of image n: their sums over every pixel, then their means.
  const group = (width: number) => {
    for (let j = 0; j < width; j++) f.f32x4([0, 0, 0, 0]).set(accs[j]);
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, input.height, () => {
      f.get(y).i32(inS.row).op('i32.mul').get(image).op('i32.add').get(c).op('i32.add').set(a);
      f.get(a).i32(input.width * inS.pixel).op('i32.add').set(rowEnd);
      f.countedLoop('pixels', a, inS.pixel, rowEnd, () => {
        for (let j = 0; j < width; j++) f.get(accs[j]).get(a).mem('v128.load', { offset: 16 * j }).op('f32x4.add').set(accs[j]);
      });
    });
    for (let j = 0; j < width; j++) {
      f.get(accs[j]).f32x4([count, count, count, count]).op('f32x4.div').set(accs[j]);
      emitActivation(f, p.activation, accs[j], temp);
      f.get(n).i32(outS.image).op('i32.mul').get(c).op('i32.add').get(accs[j]).mem('v128.store', { offset: output.offset + 16 * j });
    }
  };
  const full = Math.floor(vectors / globalPoolVectors);
  const tail = vectors % globalPoolVectors;
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, input.batch, () => {
    f.get(n).i32(inS.image).op('i32.mul').i32(input.offset).op('i32.add').set(image);
    f.setTo(c, 0);
    if (full) f.countedLoop('groups', c, 16 * globalPoolVectors, 16 * globalPoolVectors * full, () => group(globalPoolVectors));
    if (tail) group(tail);
  });
  return f;
}

export interface AdaptiveAvgPool2dParams {
  name: string;
  /** 'avg' (adaptiveAvgPool2d, the default) or 'max' (adaptiveMaxPool2d). */
  kind?: 'avg' | 'max';
  input: NhwcBuffer;
  /** Any output size: [N, C, oh, ow]. */
  output: NhwcBuffer;
  activation?: Activation;
}

/**
 * adaptiveAvgPool2d to any output size, PyTorch's bins: output row i averages input rows
 * ⌊i·H/oh⌋ … ⌈(i+1)·H/oh⌉ − 1, columns likewise. The bins are computed in the loop with integer
 * division (one per output row and column, nothing to store); their sizes vary, so the window loops
 * have bounds in locals. Each output sums its bin in float32 per channel vector and divides by the
 * bin's size, as the reference does in float64. `globalAvgPoolKernel` is the 1×1 case without the
 * bin arithmetic. With `kind: 'max'` it is adaptiveMaxPool2d: the bin's maximum from −∞, as
 * `emitMaxStep` takes it — NaN wins, as in PyTorch.
 */
export function adaptiveAvgPool2dKernel(p: AdaptiveAvgPool2dParams): FunctionBuilder {
  const { input, output } = p;
  if (output.channels !== input.channels || output.batch !== input.batch) throw new Error(`${p.name}: pooling keeps batch and channels`);
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const vectorBytes = 4 * lanes(input.channels);
  const [H, W, oh, ow] = [input.height, input.width, output.height, output.width];
  const f = new FunctionBuilder(p.name);
  const max = p.kind === 'max';
  f.comment(`adaptive ${max ? 'max' : 'average'} pool, ${input.channels} ch, ${H}×${W} → ${oh}×${ow} (bins ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1), batch ${input.batch}`);
  const n = f.local('n', 'i32');
  const oy = f.local('oy', 'i32');
  const ox = f.local('ox', 'i32');
  const [y0, y1, x0, x1] = ['y0', 'y1', 'x0', 'x1'].map((name) => f.local(name, 'i32'));
  const y = f.local('y', 'i32');
  const c = f.local('c', 'i32');
  const image = f.local('image', 'i32');
  const a = f.local('a', 'i32');
  const rowEnd = f.local('row_end', 'i32');
  const outPix = f.local('out_px', 'i32');
  const acc = f.local('acc', 'v128');
  const divisor = f.local('divisor', 'v128');
  const temp = f.local('tmp', 'v128');
  const [x, nan] = max ? [f.local('x', 'v128'), f.local('nan', 'v128')] : [];
  /** first = ⌊i·size/out⌋, last = ⌈(i+1)·size/out⌉, as i32 locals. */
  const bin = (i: Local, size: number, out: number, first: Local, last: Local) => {
    f.get(i).i32(size).op('i32.mul').i32(out).op('i32.div_u').set(first);
    f.get(i).i32(size).op('i32.mul').i32(size + out - 1).op('i32.add').i32(out).op('i32.div_u').set(last);
  };
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, input.batch, () => {
    f.get(n).i32(inS.image).op('i32.mul').i32(input.offset).op('i32.add').set(image);
    f.setTo(oy, 0);
    f.countedLoop('rows', oy, 1, oh, () => {
      bin(oy, H, oh, y0, y1);
      f.setTo(ox, 0);
      f.countedLoop('columns', ox, 1, ow, () => {
        bin(ox, W, ow, x0, x1);
        f.get(y1).get(y0).op('i32.sub').get(x1).get(x0).op('i32.sub').op('i32.mul').op('f32.convert_i32_u').op('f32x4.splat').set(divisor);
        f.get(n).i32(outS.image).op('i32.mul').get(oy).i32(outS.row).op('i32.mul').op('i32.add').get(ox).i32(outS.pixel).op('i32.mul').op('i32.add').i32(output.offset).op('i32.add').set(outPix);
        f.setTo(c, 0);
        f.countedLoop('channels', c, 16, vectorBytes, () => {
          f.f32x4(max ? [-Infinity, -Infinity, -Infinity, -Infinity] : [0, 0, 0, 0]).set(acc);
          if (nan) f.f32x4([0, 0, 0, 0]).set(nan);
          f.get(y0).set(y);
          f.countedLoop('window_rows', y, 1, y1, () => {
            f.get(y).i32(inS.row).op('i32.mul').get(x0).i32(inS.pixel).op('i32.mul').op('i32.add').get(image).op('i32.add').get(c).op('i32.add').set(a);
            f.get(a).get(x1).get(x0).op('i32.sub').i32(inS.pixel).op('i32.mul').op('i32.add').set(rowEnd);
            f.countedLoop('window_pixels', a, inS.pixel, rowEnd, () => {
              if (x && nan) emitMaxStep(f, acc, nan, x, () => f.get(a).mem('v128.load'));
              else f.get(acc).get(a).mem('v128.load').op('f32x4.add').set(acc);
            });
          });
          if (nan) f.get(acc).get(nan).op('v128.or').set(acc);
          else f.get(acc).get(divisor).op('f32x4.div').set(acc);
          emitActivation(f, p.activation, acc, temp);
          f.get(outPix).get(c).op('i32.add').get(acc).mem('v128.store');
        });
      });
    });
  });
  return f;
}
