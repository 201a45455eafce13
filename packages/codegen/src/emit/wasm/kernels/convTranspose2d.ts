/**
 * convTranspose2d as stride_h × stride_w register-blocked convolutions, one per output phase.
 *
 * The derivation (the JS target's emit/js/convTranspose2d.ts has it too): input row iy reaches
 * output row Y through tap ky when Y = iy·s − p + ky·d, so iy = (Y + p − ky·d)/s must be whole, and
 * which taps reach Y depends only on the phase r = (Y + p) mod s. Within one phase the outputs are
 * Y = first + s·q, and tap k (one with k·d ≡ r mod s) reads input row iy = q0 + q − t, where
 * t = (k·d − r)/s and q0 = (first + p − r)/s. The taps of a phase have t = t₀, t₀ + δ, t₀ + 2δ, …
 * with δ = d / gcd(s, d), so, listed from the largest t down, output q of the phase reads rows
 *
 *   q − (t_max − q0) + j·δ,  j = 0 … n−1
 *
 * — a stride-1 correlation with padding t_max − q0 (negative when the window starts inside the
 * image) and dilation δ, over the input as it is. The same holds along x. So each phase is
 * `conv2dKernel` with the phase's taps flipped into an ordinary [O, C/groups, n_y, n_x] weight
 * (packed per phase at build time), whose output grid is every s-th output pixel from the phase's
 * first (`outputGrid`). No zeros are inserted and no tap is skipped at run time; the 2×2 stride-2
 * upsampling of a U-Net is four 1×1 GEMMs. A phase with no tap along an axis (kernel smaller than
 * the stride) stores bias (+ residual, activation) only.
 *
 * Windows read the input's stored border where a tap falls outside the image, so the border must
 * hold zeros at least as deep as `convTranspose2dReach`. Those zeros are multiplied by the weights,
 * where the interpreter's scatter never reads them: with a non-finite weight (±∞, NaN) the border's
 * products are NaN. Such a layer takes `convTranspose2dGatherKernel` instead (the JS target's
 * gather): each output visits its taps and skips those that fall between or outside input pixels,
 * so nothing outside the image is ever multiplied; scalar, for a case that should not occur in a
 * trained network but must still match. With finite weights the phases match, NaN and ±∞ inputs
 * included.
 */
import { FunctionBuilder } from '../encoder.js';
import { lanes, stridesOf, type Border, type NhwcBuffer } from './buffer.js';
import { conv2dKernel, packConv2dWeights, type Conv2dParams } from './conv2d.js';
import { emitActivation, type Activation } from './epilogue.js';

export interface ConvTranspose2dParams {
  name: string;
  /** Its stored border holds zeros, at least `convTranspose2dReach(p)` deep. */
  input: NhwcBuffer;
  /** [N, O, (H−1)·s − 2p + d·(k−1) + outputPadding + 1, …]. */
  output: NhwcBuffer;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
  /** Byte address of `packConvTranspose2dWeights`'s output. */
  weights: number;
  /** Byte address of `packBias`'s output (lanes(O) floats), or none. */
  bias?: number;
  residual?: NhwcBuffer;
  activation?: Activation;
  /** Register tile of every phase's convolution; conv2d's default for its tap count otherwise. */
  tile?: { pixels: number; channels: number };
  epilogue?: 'inline' | 'pass';
}

/** One axis's phase: its outputs first, first + s, … (count of them) and its taps, by increasing t. */
interface Phase {
  residue: number;
  first: number;
  count: number;
  taps: Array<{ k: number; t: number }>;
  q0: number;
}

function phasesOf(outSize: number, kernel: number, stride: number, padding: number, dilation: number): Phase[] {
  return Array.from({ length: stride }, (_, residue) => {
    const first = (((residue - padding) % stride) + stride) % stride;
    const count = first < outSize ? Math.ceil((outSize - first) / stride) : 0;
    const taps = Array.from({ length: kernel }, (_, k) => k)
      .filter((k) => (((k * dilation - residue) % stride) + stride) % stride === 0)
      .map((k) => ({ k, t: (k * dilation - residue) / stride }));
    return { residue, first, count, taps, q0: (first + padding - residue) / stride };
  });
}

/** The phase's correlation along one axis: its padding and dilation in conv2d's terms. */
function correlation(phase: Phase): { padding: number; dilation: number } {
  const { taps } = phase;
  const last = taps[taps.length - 1];
  return { padding: last.t - phase.q0, dilation: taps.length > 1 ? taps[1].t - taps[0].t : 1 };
}

interface PhasePlan {
  row: Phase;
  column: Phase;
  /** conv2d's parameters, or none when a phase has no tap along an axis (bias only). */
  conv?: Conv2dParams;
  /** Byte offset of its packed weights from `weights`. */
  weightOffset: number;
}

function checkOutputSize(p: ConvTranspose2dParams): void {
  const expected = (size: number, axis: 0 | 1) => (size - 1) * p.stride[axis] - 2 * p.padding[axis] + p.dilation[axis] * (p.kernel[axis] - 1) + 1;
  const extraY = p.output.height - expected(p.input.height, 0);
  const extraX = p.output.width - expected(p.input.width, 1);
  // PyTorch's outputPadding is below the stride (or the dilation): anything else is another layer.
  if (extraY < 0 || extraX < 0 || extraY >= Math.max(p.stride[0], p.dilation[0]) || extraX >= Math.max(p.stride[1], p.dilation[1])) {
    throw new Error(`${p.name}: a ${p.output.height}×${p.output.width} output is not a transposed convolution of ${p.input.height}×${p.input.width}`);
  }
  if (p.input.batch !== p.output.batch) throw new Error(`${p.name}: batch ${p.input.batch} in, ${p.output.batch} out`);
  if (p.input.channels % p.groups !== 0 || p.output.channels % p.groups !== 0) throw new Error(`${p.name}: channels ${p.input.channels}→${p.output.channels} do not split into ${p.groups} groups`);
}

function planPhases(p: ConvTranspose2dParams): PhasePlan[] {
  checkOutputSize(p);
  const rows = phasesOf(p.output.height, p.kernel[0], p.stride[0], p.padding[0], p.dilation[0]);
  const columns = phasesOf(p.output.width, p.kernel[1], p.stride[1], p.padding[1], p.dilation[1]);
  const plans: PhasePlan[] = [];
  let weightOffset = 0;
  for (const row of rows) {
    for (const column of columns) {
      if (row.count === 0 || column.count === 0) continue;
      const plan: PhasePlan = { row, column, weightOffset };
      if (row.taps.length > 0 && column.taps.length > 0) {
        const y = correlation(row);
        const x = correlation(column);
        plan.conv = {
          name: `${p.name}_phase${row.residue}_${column.residue}`,
          input: p.input, output: p.output, residual: p.residual,
          kernel: [row.taps.length, column.taps.length], stride: [1, 1], dilation: [y.dilation, x.dilation],
          padding: { top: y.padding, left: x.padding }, groups: p.groups,
          weights: p.weights + weightOffset, bias: p.bias, activation: p.activation, tile: p.tile, epilogue: p.epilogue,
          outputGrid: { first: [row.first, column.first], step: p.stride, size: [row.count, column.count] },
        };
        weightOffset += 4 * packConv2dWeights(plan.conv, new Float32Array(p.output.channels * (p.input.channels / p.groups) * row.taps.length * column.taps.length)).length;
      }
      plans.push(plan);
    }
  }
  return plans;
}

/** The zero border the input needs: every phase's taps, over every output of the phase. */
export function convTranspose2dReach(p: Omit<ConvTranspose2dParams, 'name' | 'weights'>): Border {
  const axis = (inSize: number, outSize: number, a: 0 | 1) => {
    let before = 0;
    let after = 0;
    for (const phase of phasesOf(outSize, p.kernel[a], p.stride[a], p.padding[a], p.dilation[a])) {
      if (phase.count === 0) continue;
      for (const { t } of phase.taps) {
        before = Math.max(before, t - phase.q0);
        after = Math.max(after, phase.q0 + phase.count - 1 - t - (inSize - 1));
      }
    }
    return { before, after };
  };
  const y = axis(p.input.height, p.output.height, 0);
  const x = axis(p.input.width, p.output.width, 1);
  return { top: y.before, bottom: y.after, left: x.before, right: x.after };
}

/**
 * PyTorch's weight [C, O/groups, kh, kw] as each phase's conv2d weight [O, C/groups, n_y, n_x] —
 * taps flipped, so the largest t comes first — packed by `packConv2dWeights`, phase after phase.
 */
export function packConvTranspose2dWeights(p: ConvTranspose2dParams, weight: Float32Array): Float32Array {
  const [kh, kw] = p.kernel;
  const inChannels = p.input.channels;
  const outChannels = p.output.channels;
  const inPerGroup = inChannels / p.groups;
  const outPerGroup = outChannels / p.groups;
  if (weight.length !== inChannels * outPerGroup * kh * kw) throw new Error(`${p.name}: weight has ${weight.length} values, expected ${inChannels}×${outPerGroup}×${kh}×${kw}`);
  const pieces: Float32Array[] = [];
  for (const { row, column, conv } of planPhases(p)) {
    if (!conv) continue;
    const ny = row.taps.length;
    const nx = column.taps.length;
    const phaseWeight = new Float32Array(outChannels * inPerGroup * ny * nx);
    for (let o = 0; o < outChannels; o++) {
      const group = Math.floor(o / outPerGroup);
      for (let c = 0; c < inPerGroup; c++) {
        for (let jy = 0; jy < ny; jy++) {
          for (let jx = 0; jx < nx; jx++) {
            const ky = row.taps[ny - 1 - jy].k;
            const kx = column.taps[nx - 1 - jx].k;
            phaseWeight[((o * inPerGroup + c) * ny + jy) * nx + jx] = weight[(((group * inPerGroup + c) * outPerGroup + (o - group * outPerGroup)) * kh + ky) * kw + kx];
          }
        }
      }
    }
    pieces.push(packConv2dWeights(conv, phaseWeight));
  }
  const packed = new Float32Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    packed.set(piece, at);
    at += piece.length;
  }
  return packed;
}

export function convTranspose2dFlops(p: ConvTranspose2dParams): number {
  return 2 * p.input.batch * p.input.height * p.input.width * p.input.channels * (p.output.channels / p.groups) * p.kernel[0] * p.kernel[1];
}

/** A phase no tap reaches along some axis: every output of its grid is act(bias + residual). */
function biasOnlyPhase(p: ConvTranspose2dParams, row: Phase, column: Phase): FunctionBuilder {
  const { output, residual } = p;
  const outS = stridesOf(output);
  const resS = residual ? stridesOf(residual) : undefined;
  const vectorBytes = 4 * lanes(output.channels);
  const f = new FunctionBuilder(`${p.name}_phase${row.residue}_${column.residue}`);
  f.comment(`convTranspose2d phase (${row.residue}, ${column.residue}): no tap reaches output rows ${row.first}, ${row.first + p.stride[0]}, … and columns ${column.first}, ${column.first + p.stride[1]}, …: bias only`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const x = f.local('x', 'i32');
  const c = f.local('c', 'i32');
  const o = f.local('o', 'i32');
  const r = f.local('r', 'i32');
  const value = f.local('value', 'v128');
  const temp = f.local('tmp', 'v128');
  const pixelAt = (buffer: NhwcBuffer, s: { row: number; image: number; pixel: number }, local: typeof o) => {
    f.get(n).i32(s.image).op('i32.mul').get(y).i32(p.stride[0] * s.row).op('i32.mul').op('i32.add');
    f.get(x).i32(p.stride[1] * s.pixel).op('i32.mul').op('i32.add').i32(buffer.offset + row.first * s.row + column.first * s.pixel).op('i32.add').get(c).op('i32.add').set(local);
  };
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, output.batch, () => {
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, row.count, () => {
      f.setTo(x, 0);
      f.countedLoop('pixels', x, 1, column.count, () => {
        f.setTo(c, 0);
        f.countedLoop('channels', c, 16, vectorBytes, () => {
          if (p.bias !== undefined) f.get(c).mem('v128.load', { offset: p.bias }).set(value);
          else f.f32x4([0, 0, 0, 0]).set(value);
          pixelAt(output, outS, o);
          if (residual && resS) {
            pixelAt(residual, resS, r);
            f.get(value).get(r).mem('v128.load').op('f32x4.add').set(value);
          }
          emitActivation(f, p.activation, value, temp);
          f.get(o).get(value).mem('v128.store');
        });
      });
    });
  });
  return f;
}

/**
 * The kernel's functions: `name()` runs every phase in turn; `name_phase<ry>_<rx>()` are the phases,
 * exported too so a profile shows each.
 */
export function convTranspose2dKernels(p: ConvTranspose2dParams): FunctionBuilder[] {
  const phases = planPhases(p).map(({ row, column, conv }) => (conv ? conv2dKernel(conv) : biasOnlyPhase(p, row, column)));
  const driver = new FunctionBuilder(p.name);
  driver.comment(`convTranspose2d ${p.input.channels}→${p.output.channels} ${p.kernel.join('×')} stride ${p.stride.join('×')} padding ${p.padding.join('×')}` +
    ` dilation ${p.dilation.join('×')} groups ${p.groups} on ${p.input.height}×${p.input.width} → ${p.output.height}×${p.output.width}, batch ${p.input.batch}: ${phases.length} phases`);
  for (const phase of phases) driver.callWhole(phase);
  return [driver, ...phases];
}

export interface ConvTranspose2dGatherParams extends Omit<ConvTranspose2dParams, 'tile' | 'epilogue'> {
  /** Byte address of PyTorch's weight [C, O/groups, kh, kw] as it is (no packing). */
  weights: number;
}

/**
 * The transposed convolution as a gather, one output float at a time: output (y, x, o) sums
 * w[c][o][ky][kx] · in[(y + p − ky·d)/s, (x + p − kx·d)/s, c] over the taps whose quotients are whole
 * and inside the image, and the input channels of o's group. No border is read; the output's
 * padding lanes are written as zeros. For layers with non-finite weights (see the file header).
 */
export function convTranspose2dGatherKernel(p: ConvTranspose2dGatherParams): FunctionBuilder {
  checkOutputSize(p as ConvTranspose2dParams);
  const { input, output, residual } = p;
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const resS = residual ? stridesOf(residual) : undefined;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  const inPerGroup = input.channels / p.groups;
  const outPerGroup = output.channels / p.groups;
  const f = new FunctionBuilder(p.name);
  f.comment(`convTranspose2d ${input.channels}→${output.channels} ${kh}×${kw} stride ${sh}×${sw} as a gather (non-finite weights): taps outside the image are skipped, never multiplied`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const x = f.local('x', 'i32');
  const o = f.local('o', 'i32');
  const c = f.local('c', 'i32');
  const iy = f.local('iy', 'i32');
  const ix = f.local('ix', 'i32');
  const t = f.local('t', 'i32');
  const inPix = f.local('in_px', 'i32');
  const w = f.local('w', 'i32');
  const outPix = f.local('out_px', 'i32');
  const group = f.local('g', 'i32');
  const sum = f.local('sum', 'f32');
  const value = f.local('value', 'v128');
  const temp = f.local('tmp', 'v128');
  /** local = (position + padding − k·dilation) / stride when whole and inside [0, size); else branch to `skip`. */
  const source = (position: typeof y, padding: number, k: number, dilation: number, stride: number, size: number, local: typeof y, skip: string) => {
    f.get(position).i32(padding - k * dilation).op('i32.add').tee(t).i32(0).op('i32.lt_s').brIf(skip);
    if (stride > 1) f.get(t).i32(stride).op('i32.rem_u').brIf(skip);
    f.get(t).i32(stride).op('i32.div_u').tee(local).i32(size).op('i32.ge_u').brIf(skip);
  };
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, output.batch, () => {
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, output.height, () => {
      f.setTo(x, 0);
      f.countedLoop('pixels', x, 1, output.width, () => {
        f.get(n).i32(outS.image).op('i32.mul').get(y).i32(outS.row).op('i32.mul').op('i32.add').get(x).i32(outS.pixel).op('i32.mul').op('i32.add').i32(output.offset).op('i32.add').set(outPix);
        f.setTo(o, 0);
        f.countedLoop('channels', o, 1, output.channels, () => {
          f.get(o).i32(outPerGroup).op('i32.div_u').set(group);
          if (p.bias !== undefined) f.get(o).i32(4).op('i32.mul').mem('f32.load', { offset: p.bias }).set(sum);
          else f.f32(0).set(sum);
          for (let ky = 0; ky < kh; ky++) {
            for (let kx = 0; kx < kw; kx++) {
              f.block('tap', () => {
                source(y, ph, ky, dh, sh, input.height, iy, 'tap');
                source(x, pw, kx, dw, sw, input.width, ix, 'tap');
                // in: pixel (iy, ix), channel g·Cg; w: [(g·Cg)·Og + (o − g·Og)]·kh·kw + ky·kw + kx.
                f.get(n).i32(inS.image).op('i32.mul').get(iy).i32(inS.row).op('i32.mul').op('i32.add').get(ix).i32(inS.pixel).op('i32.mul').op('i32.add');
                f.get(group).i32(4 * inPerGroup).op('i32.mul').op('i32.add').i32(input.offset).op('i32.add').set(inPix);
                f.get(group).i32(inPerGroup * outPerGroup - outPerGroup).op('i32.mul').get(o).op('i32.add').i32(4 * kh * kw).op('i32.mul');
                f.i32(p.weights + 4 * (ky * kw + kx)).op('i32.add').set(w);
                f.setTo(c, 0);
                f.countedLoop('k', c, 1, inPerGroup, () => {
                  f.get(sum).get(inPix).mem('f32.load').get(w).mem('f32.load').op('f32.mul').op('f32.add').set(sum);
                  f.addTo(inPix, 4).addTo(w, 4 * outPerGroup * kh * kw);
                });
              });
            }
          }
          // The epilogue on a splat, so activations are exactly the vector kernels'.
          f.get(sum).op('f32x4.splat').set(value);
          if (residual && resS) {
            f.get(value);
            f.get(n).i32(resS.image).op('i32.mul').get(y).i32(resS.row).op('i32.mul').op('i32.add').get(x).i32(resS.pixel).op('i32.mul').op('i32.add');
            f.get(o).i32(4).op('i32.mul').op('i32.add').mem('v128.load32_splat', { offset: residual.offset }).op('f32x4.add').set(value);
          }
          emitActivation(f, p.activation, value, temp);
          f.get(outPix).get(value).lane('f32x4.extract_lane', 0).mem('f32.store');
          f.addTo(outPix, 4);
        });
        for (let lane = output.channels; lane < lanes(output.channels); lane++) {
          f.get(outPix).f32(0).mem('f32.store', { offset: 4 * (lane - output.channels) });
        }
      });
    });
  });
  return f;
}
