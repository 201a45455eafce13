/**
 * Depthwise convolution (groups = C = O): each channel is filtered by its own kh×kw window, so the
 * four lanes of a vector are four independent channels and no splat is needed:
 *
 *   acc[p] = bias[c…c+3] + Σ_taps w[tap][c…c+3] · in[y·sy + ky·dy, (x + p)·sx + kx·dx, c…c+3]
 *
 * A tile is P output pixels × one channel vector; all taps sit in one loop body (a depthwise tap is
 * one multiply-add per vector, too little to carry a loop of its own). With stride 1 the P pixels'
 * windows overlap, and each distinct input vector is loaded once per body.
 *
 * Two loop orders (`order`): 'channels' walks the channel vectors innermost, so one pixel tile's
 * input (all channels of a few pixels, contiguous in NHWC) stays in L1; 'pixels' walks a row's
 * pixel tiles innermost with the taps' weights held in locals across the row. Measured for 144
 * channels at 56² (docs/wasm.md): 'channels' with 4 pixels (stride 1) or 2 (stride 2) is best, by
 * 5–10 %. Also tried and dropped, no faster: one pass per window row with partial sums kept in the
 * output (fits the registers, but adds loads and stores), three partial-sum chains per pixel,
 * loading shared inputs once per use.
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { checkReach, lanes, stridesOf, type NhwcBuffer } from './buffer.js';
import { emitActivation, emitActivationPass, type Activation } from './epilogue.js';

export interface DepthwiseParams {
  name: string;
  input: NhwcBuffer;
  /** Same channel count as the input (channel multiplier 1). */
  output: NhwcBuffer;
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: { top: number; left: number };
  /** Byte address of `packDepthwiseWeights`'s output. */
  weights: number;
  bias?: number;
  residual?: NhwcBuffer;
  activation?: Activation;
  /** Output pixels per tile. */
  pixels?: number;
  order?: 'channels' | 'pixels';
  /**
   * The activation on each accumulator ('inline', the default) or as a pass over the stored tile
   * (conv2d's `epilogue`). Inline measured 25–45 % faster with silu (144 channels at 56²).
   */
  epilogue?: 'inline' | 'pass';
}

export function defaultDepthwiseTile(stride: [number, number]): { pixels: number; order: 'channels' | 'pixels' } {
  return stride[1] === 1 ? { pixels: 4, order: 'channels' } : { pixels: 2, order: 'channels' };
}

/** PyTorch's [C, 1, kh, kw] as [tap][lanes(C)]: one vector per tap and channel group of four. */
export function packDepthwiseWeights(p: DepthwiseParams, weight: Float32Array): Float32Array {
  const channels = p.input.channels;
  const [kh, kw] = p.kernel;
  if (weight.length !== channels * kh * kw) throw new Error(`${p.name}: weight has ${weight.length} values, expected ${channels}×1×${kh}×${kw}`);
  const width = lanes(channels);
  const packed = new Float32Array(kh * kw * width);
  for (let c = 0; c < channels; c++) for (let tap = 0; tap < kh * kw; tap++) packed[tap * width + c] = weight[c * kh * kw + tap];
  return packed;
}

export function depthwiseFlops(p: DepthwiseParams): number {
  const { batch, height, width, channels } = p.output;
  return 2 * batch * height * width * channels * p.kernel[0] * p.kernel[1];
}

export function depthwiseKernel(p: DepthwiseParams): FunctionBuilder {
  const { input, output, residual } = p;
  if (input.channels !== output.channels) throw new Error(`${p.name}: depthwise needs as many output channels as input channels`);
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [dh, dw] = p.dilation;
  const defaults = defaultDepthwiseTile(p.stride);
  const P = p.pixels ?? defaults.pixels;
  const order = p.order ?? defaults.order;
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const resS = residual ? stridesOf(residual) : undefined;
  checkReach(input, p.name, -p.padding.top, (output.height - 1) * sh - p.padding.top + (kh - 1) * dh + 1,
    -p.padding.left, (output.width - 1) * sw - p.padding.left + (kw - 1) * dw + 1);
  const origin = input.offset - p.padding.top * inS.row - p.padding.left * inS.pixel;
  const vectorBytes = 4 * lanes(input.channels);

  const f = new FunctionBuilder(p.name, { from: 'i32', to: 'i32' });
  const [from, to] = f.params;
  f.range = { units: output.height, unit: 'rows' };
  f.comment(`depthwise ${input.channels} ch ${kh}×${kw} stride ${sh}×${sw} dilation ${dh}×${dw} on ${input.height}×${input.width} → ${output.height}×${output.width}` +
    `, batch ${input.batch}; ${P} px per tile, ${order} innermost; output rows [from, to) of each image`);
  const n = f.local('n', 'i32');
  const oy = f.local('oy', 'i32');
  const t = f.local('t', 'i32');
  const c = f.local('c', 'i32');
  const inRow = f.local('in_row', 'i32');
  const outRow = f.local('out_row', 'i32');
  const resRow = f.local('res_row', 'i32');
  const inPix = f.local('in_px', 'i32');
  const outPix = f.local('out_px', 'i32');
  const resPix = f.local('res_px', 'i32');
  const a = f.local('a', 'i32');
  const o = f.local('o', 'i32');
  const r = f.local('r', 'i32');
  const acc = Array.from({ length: P }, (_, i) => f.local(`acc${i}`, 'v128'));
  const weights = Array.from({ length: kh * kw }, (_, i) => f.local(`w${i}`, 'v128'));
  const temp = f.local('tmp', 'v128');
  const inputs = new Map<number, Local>();
  const inputLocal = (displacement: number) => {
    let local = inputs.get(displacement);
    if (!local) {
      local = f.local(`x${inputs.size}`, 'v128');
      inputs.set(displacement, local);
    }
    return local;
  };

  const loadWeights = () => {
    for (let tap = 0; tap < kh * kw; tap++) f.get(c).mem('v128.load', { offset: p.weights + tap * vectorBytes }).set(weights[tap]);
  };

  // One tile: P pixels of one channel vector. `a`, `o`, `r` point at the tile's first pixel and
  // channel vector; weights are in their locals; `c` is the vector's byte offset within a pixel.
  const body = (pixels: number) => {
    const seen = new Set<number>();
    for (let px = 0; px < pixels; px++) {
      if (p.bias !== undefined) f.get(c).mem('v128.load', { offset: p.bias }).set(acc[px]);
      else f.f32x4([0, 0, 0, 0]).set(acc[px]);
    }
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++) {
        for (let px = 0; px < pixels; px++) {
          const displacement = ky * dh * inS.row + (px * sw + kx * dw) * inS.pixel;
          const x = inputLocal(displacement);
          if (!seen.has(displacement)) {
            seen.add(displacement);
            f.get(a).mem('v128.load', { offset: displacement }).set(x);
          }
          f.get(acc[px]).get(x).get(weights[ky * kw + kx]).op('f32x4.mul').op('f32x4.add').set(acc[px]);
        }
      }
    }
    const pass = p.activation !== undefined && p.epilogue === 'pass' && pixels > 1;
    for (let px = 0; px < pixels; px++) {
      if (resS) f.get(acc[px]).get(r).mem('v128.load', { offset: px * resS.pixel }).op('f32x4.add').set(acc[px]);
      if (!pass) emitActivation(f, p.activation, acc[px], temp);
      f.get(o).get(acc[px]).mem('v128.store', { offset: px * outS.pixel });
    }
    if (pass && p.activation) emitActivationPass(f, p.activation, o, { pixels, pixelBytes: outS.pixel, vectors: 1 }, temp);
  };

  const pointAt = (pixIn: Local, pixOut: Local, pixRes: Local) => {
    f.get(pixIn).get(c).op('i32.add').set(a).get(pixOut).get(c).op('i32.add').set(o);
    if (resS) f.get(pixRes).get(c).op('i32.add').set(r);
  };
  const fullTiles = Math.floor(output.width / P);
  const tailPixels = output.width % P;

  const row = () => {
    if (order === 'channels') {
      const tile = (pixels: number) => {
        f.setTo(c, 0);
        f.countedLoop('channels', c, 16, vectorBytes, () => {
          loadWeights();
          pointAt(inPix, outPix, resPix);
          body(pixels);
        });
      };
      f.get(inRow).set(inPix).get(outRow).set(outPix);
      if (resS) f.get(resRow).set(resPix);
      if (fullTiles > 0) {
        f.setTo(t, 0);
        f.countedLoop('tiles', t, 1, fullTiles, () => {
          tile(P);
          f.addTo(inPix, P * sw * inS.pixel).addTo(outPix, P * outS.pixel);
          if (resS) f.addTo(resPix, P * resS.pixel);
        });
      }
      if (tailPixels) tile(tailPixels);
    } else {
      f.setTo(c, 0);
      f.countedLoop('channels', c, 16, vectorBytes, () => {
        loadWeights();
        f.get(inRow).set(inPix).get(outRow).set(outPix);
        if (resS) f.get(resRow).set(resPix);
        const tile = (pixels: number) => {
          pointAt(inPix, outPix, resPix);
          body(pixels);
        };
        if (fullTiles > 0) {
          f.setTo(t, 0);
          f.countedLoop('tiles', t, 1, fullTiles, () => {
            tile(P);
            f.addTo(inPix, P * sw * inS.pixel).addTo(outPix, P * outS.pixel);
            if (resS) f.addTo(resPix, P * resS.pixel);
          });
        }
        if (tailPixels) tile(tailPixels);
      });
    }
    f.addTo(inRow, sh * inS.row).addTo(outRow, outS.row);
    if (resS) f.addTo(resRow, resS.row);
  };

  f.get(from).get(to).op('i32.lt_s').ifElse(() => {
    f.setTo(n, 0);
    f.countedLoop('images', n, 1, input.batch, () => {
      // Row `from` of image n: n · image + from · row strides from the origins.
      const base = (start: number, image: number, rowStride: number, local: Local) =>
        f.get(n).i32(image).op('i32.mul').get(from).i32(rowStride).op('i32.mul').op('i32.add').i32(start).op('i32.add').set(local);
      base(origin, inS.image, sh * inS.row, inRow);
      base(output.offset, outS.image, outS.row, outRow);
      if (residual && resS) base(residual.offset, resS.image, resS.row, resRow);
      f.get(from).set(oy);
      f.countedLoop('rows', oy, 1, to, row);
    });
  });
  return f;
}
