/**
 * Direct convolution, register-blocked: the kernel for every dense or grouped conv2d, any kernel
 * size, stride and dilation; with a 1×1 kernel it is the GEMM (1×1 convolutions, `linear`).
 *
 * A tile is P output pixels of one row × Q output channels, held in P·Q/4 v128 accumulators. For
 * each k-step (one input channel c of one filter tap) the body loads Q/4 weight vectors
 * w[tap][c][o…o+Q), splats the input value of each of the P pixels (v128.load32_splat), and does
 * P·Q/4 multiply-adds:
 *
 *   acc[p][v] += splat(in[y·sy + ky·dy, (x + p)·sx + kx·dx, c]) · w[tap][c][4v…4v+3]
 *
 * Why this shape (measured on Node 20's V8, issue 14): its optimizing compiler hoists every load of
 * a loop body to the body's top, so a body holds exactly one k-step (unrolling k by 4 fell from
 * 43–48 to 25–29 GFLOP/s) and each tap gets its own k-loop (all nine taps of a 3×3 in one body gave
 * 15–18). Every displacement — the tap, the pixel, the vector — is a constant `offset` immediate,
 * so a k-step costs two pointer increments, a compare and a branch besides its arithmetic.
 *
 * `taps: 'rows'` (groups = 1, horizontal dilation 1) runs one k-loop per filter row instead of per
 * tap: the kw pixels of a window row are kw·lanes(C) consecutive floats in NHWC, so the loop walks
 * them all, padding lanes included (their packed weights are zero). That turns a 7×7 stem on 3
 * channels from 49 loops of 3 steps into 7 loops of 28 — or of 21 when the input is stored packed,
 * C floats per pixel (buffer.ts; a network input only such stems read). Not for an input that is
 * a channel slice (buffer.ts): its window rows interleave other tensors' lanes.
 *
 * Groups: with Og = O/groups a multiple of 4, the tile loops over each group's output channels and
 * reads only its Cg = C/groups input channels. Otherwise (say 3 output channels per group) the
 * convolution runs dense with zero weights across groups: correct, wasteful, and rare.
 *
 * Loop nest: batch → output rows → P-pixel tiles (a narrower tail tile for W mod P) → groups →
 * Q-channel blocks (a narrower tail block for Og mod Q) → taps → k, or (`order: 'channels'`) the
 * groups and blocks outermost. The packed weights are laid out in exactly the order a block reads
 * them, so one pointer walks them front to back.
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { checkReach, isDense, lanes, stridesOf, type NhwcBuffer } from './buffer.js';
import { emitActivation, emitActivationPass, type Activation } from './epilogue.js';

export interface Conv2dParams {
  /** The exported function's name. */
  name: string;
  input: NhwcBuffer;
  output: NhwcBuffer;
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  /** Rows above and columns left of the image the window starts at (bottom/right follow from the output size). */
  padding: { top: number; left: number };
  groups: number;
  /** Byte address of `packConv2dWeights`'s output. */
  weights: number;
  /** Byte address of `packBias`'s output (lanes(O) floats), or none. */
  bias?: number;
  /** Added before the activation; same shape as the output. */
  residual?: NhwcBuffer;
  activation?: Activation;
  /** P pixels × Q channels (Q a multiple of 4); see `defaultConvTile`. */
  tile?: { pixels: number; channels: number };
  taps?: 'each' | 'rows';
  /**
   * Bytes the weights advance per image: a batch of independent GEMMs with their own weights
   * (Winograd's n² products). 0 by default: every image uses the same weights.
   */
  imageWeightStride?: number;
  /** Outer loop: over pixel tiles (each window stays in cache) or channel blocks (each block's weights do). */
  order?: 'pixels' | 'channels';
  /** Multiply-add with f32x4.relaxed_madd (needs --experimental-wasm-relaxed-simd on Node 20). */
  relaxed?: boolean;
  /**
   * Where the activation runs: on each accumulator before its store ('inline', the default), or in
   * a loop over the stored tile ('pass': one copy of its code per block variant). Measured with silu
   * (bench/kernels/wasm.ts, docs/wasm.md): inline is 3–23 % faster on a 1×1 GEMM and 0–7 % on a
   * direct 3×3, and costs 4–10× the kernel's bytes with a transcendental activation (+100–450 B
   * gzipped); 'pass' is for builds that must save those bytes.
   */
  epilogue?: 'inline' | 'pass';
  /**
   * The convolution computes a `size` grid of outputs and stores its pixel (y, x) at pixel
   * (first[0] + y·step[0], first[1] + x·step[1]) of `output` (and reads the residual there): one
   * phase of a transposed convolution. Default: every pixel of `output`, in place.
   */
  outputGrid?: OutputGrid;
  /**
   * A third parameter `delta`, bytes added to the input's, output's and residual's addresses (not
   * the weights'): one kernel over buffers that move per call (Winograd's per-thread scratch).
   */
  displaced?: boolean;
  /**
   * The range counts output rows (of each image, every channel block in each) instead of channel
   * blocks: a kernel split between threads by rows (`conv2dRowsSplit`). Channel blocks
   * and pixels outermost only, over the whole output (no grid, not displaced).
   */
  rows?: boolean;
}

export interface OutputGrid {
  first: [number, number];
  step: [number, number];
  size: [number, number];
}


/** Tiles that measured best on Node 20 (bench/kernels/wasm.ts): 2×16 for 1×1, 4×8 otherwise. */
export function defaultConvTile(kernel: [number, number]): { pixels: number; channels: number } {
  return kernel[0] * kernel[1] === 1 ? { pixels: 2, channels: 16 } : { pixels: 4, channels: 8 };
}

/**
 * Pixels outermost: on Node 20 the two orders measured within 1–3 % of each other for 1×1 64→256
 * and 3×3 64→64 at 56² (bench/kernels/wasm.ts), so the simpler nest is the default.
 */
export function defaultConvOrder(_kernel: [number, number]): 'pixels' | 'channels' {
  return 'pixels';
}

interface Segment {
  /** Byte displacement of the segment's first input from the window's origin. */
  offset: number;
  ky: number;
  /** The tap's column, or -1 for a whole window row. */
  kx: number;
}

/** What the generator and the packer must agree on. */
interface ConvPlan {
  /** Groups run as separate channel ranges (false: dense with zero weights across groups). */
  grouped: boolean;
  groupLoops: number;
  /** k-steps per segment. */
  steps: number;
  /** Output lanes per group loop. */
  outLanes: number;
  /** Block widths within one group loop, in order. */
  blocks: number[];
  segments: Segment[];
  tile: { pixels: number; channels: number };
}

function planConv(p: Conv2dParams): ConvPlan {
  const inChannels = p.input.channels;
  const outChannels = p.output.channels;
  if (inChannels % p.groups !== 0 || outChannels % p.groups !== 0) throw new Error(`${p.name}: channels ${inChannels}→${outChannels} do not split into ${p.groups} groups`);
  const grouped = p.groups > 1 && (outChannels / p.groups) % 4 === 0;
  const taps = p.taps ?? 'each';
  if (taps === 'rows' && (p.groups > 1 || p.dilation[1] !== 1)) throw new Error(`${p.name}: taps 'rows' needs groups 1 and horizontal dilation 1`);
  // A window row of a channel slice interleaves other slices' lanes, which may hold anything (0 · NaN is NaN).
  if (taps === 'rows' && !isDense(p.input)) throw new Error(`${p.name}: taps 'rows' needs an input whose pixels are its own (not a channel slice)`);
  const tile = p.tile ?? defaultConvTile(p.kernel);
  if (tile.channels % 4 !== 0 || tile.channels < 4 || tile.pixels < 1) throw new Error(`${p.name}: tile ${tile.pixels}×${tile.channels} needs a channel count that is a multiple of 4`);
  const outLanes = grouped ? outChannels / p.groups : lanes(outChannels);
  const blocks: number[] = [];
  for (let o = 0; o < outLanes; o += tile.channels) blocks.push(Math.min(tile.channels, outLanes - o));
  // A packed input (C floats per pixel, kernels/buffer.ts) is read only by window rows.
  const { pixel, row } = stridesOf(p.input, { packed: taps === 'rows' });
  const [kh, kw] = p.kernel;
  const [dh, dw] = p.dilation;
  const segments: Segment[] = [];
  for (let ky = 0; ky < kh; ky++) {
    if (taps === 'rows') segments.push({ offset: ky * dh * row, ky, kx: -1 });
    else for (let kx = 0; kx < kw; kx++) segments.push({ offset: ky * dh * row + kx * dw * pixel, ky, kx });
  }
  const steps = taps === 'rows' ? kw * pixelFloats(p.input) : grouped ? inChannels / p.groups : inChannels;
  return { grouped, groupLoops: grouped ? p.groups : 1, steps, outLanes, blocks, segments, tile };
}

/**
 * PyTorch's weight [O, C/groups, kh, kw] in the order the kernel reads it: group loop → block →
 * segment → k-step → the block's output lanes. Zeros where a lane is padding or (dense fallback)
 * the input channel belongs to another group.
 */
export function packConv2dWeights(p: Conv2dParams, weight: Float32Array): Float32Array {
  const plan = planConv(p);
  const inChannels = p.input.channels;
  const outChannels = p.output.channels;
  const [kh, kw] = p.kernel;
  const inPerGroup = inChannels / p.groups;
  const outPerGroup = outChannels / p.groups;
  if (weight.length !== outChannels * inPerGroup * kh * kw) throw new Error(`${p.name}: weight has ${weight.length} values, expected ${outChannels}×${inPerGroup}×${kh}×${kw}`);
  const at = p.groups === 1
    ? (o: number, c: number, ky: number, kx: number) => (o >= outChannels || c >= inChannels ? 0 : weight[((o * inPerGroup + c) * kh + ky) * kw + kx])
    : (o: number, c: number, ky: number, kx: number) => {
      if (o >= outChannels || c >= inChannels) return 0;
      const group = Math.floor(o / outPerGroup);
      if (Math.floor(c / inPerGroup) !== group) return 0;
      return weight[((o * inPerGroup + (c - group * inPerGroup)) * kh + ky) * kw + kx];
    };
  const inLanes = pixelFloats(p.input);
  const packed = new Float32Array(packedLength(plan));
  let next = 0;
  for (let g = 0; g < plan.groupLoops; g++) {
    let o0 = g * plan.outLanes;
    for (const width of plan.blocks) {
      for (const segment of plan.segments) {
        for (let k = 0; k < plan.steps; k++) {
          const kx = segment.kx >= 0 ? segment.kx : Math.floor(k / inLanes);
          const c = segment.kx >= 0 ? (plan.grouped ? g * inPerGroup : 0) + k : k % inLanes;
          for (let q = 0; q < width; q++) packed[next++] = at(o0 + q, c, segment.ky, kx);
        }
      }
      o0 += width;
    }
  }
  if (next !== packed.length) throw new Error(`${p.name}: packed ${next} weights into a block of ${packed.length}`);
  return packed;
}

/** Floats per input pixel a window row walks: its channels when packed, else whole vectors of them. */
const pixelFloats = (input: NhwcBuffer) => (input.packed ? input.channels : lanes(input.channels));

/** Output lanes per channel block (every block but a narrower last one), or undefined when the range counts groups. */
export function conv2dBlockLanes(p: Conv2dParams): number | undefined {
  const plan = planConv(p);
  return plan.groupLoops > 1 ? undefined : plan.tile.channels;
}

/**
 * Weight bytes up to which a layer's filters stay in a core's L2 (1 MB on Zen 4 and 5) while a
 * thread sweeps its part of the image: where they fit, threads share a layer by rows (or Winograd
 * tile rows, kernels/winograd.ts), each reading all the filters and only the rows of the input it
 * wrote in the layer before, from its own core's cache; where they do not, by output-channel
 * blocks, each reading its blocks' filters once and all of the input, half of it written by the
 * other core (docs/threads.md, "The split plan").
 */
export const cachedFilterBytes = 1 << 20;

/**
 * The kernel split between threads by output rows instead of channel blocks, where the output has
 * at least `minUnits` rows and either fewer channel blocks than that (a stem: 64 output channels
 * are 4 blocks of 16, which two threads share 2 and 2 or, when one starts late, 3 and 1) or weights
 * that fit in a core's L2 (`cachedFilterBytes`: MobileNetV2's 1×1 layers on two threads ×1.07–1.08
 * against channel blocks, SqueezeNet's ×1.01; docs/threads.md); undefined where that does not
 * apply (see `Conv2dParams.rows`).
 */
export function conv2dRowsSplit(p: Conv2dParams, minUnits: number): FunctionBuilder | undefined {
  const plan = planConv(p);
  if (!rangesRows(p, plan) || p.output.height < minUnits) return undefined;
  if (plan.blocks.length >= minUnits && 4 * packedLength(plan) > cachedFilterBytes) return undefined;
  return conv2dKernel({ ...p, name: `${p.name}_rows`, rows: true });
}

/** Whether the kernel can be ranged by output rows (`Conv2dParams.rows`). */
function rangesRows(p: Conv2dParams, plan: ConvPlan): boolean {
  return plan.groupLoops === 1 && !p.outputGrid && !p.displaced && (p.order ?? defaultConvOrder(p.kernel)) === 'pixels';
}

/** Floats `packConv2dWeights` writes. */
export function conv2dWeightsLength(p: Conv2dParams): number {
  return packedLength(planConv(p));
}

function packedLength(plan: ConvPlan): number {
  return plan.groupLoops * plan.blocks.reduce((sum, width) => sum + width, 0) * plan.segments.length * plan.steps;
}

/** Packed weight bytes of one channel block of this width (a block reads them front to back). */
function blockWeightBytes(plan: ConvPlan, width: number): number {
  return 4 * width * plan.segments.length * plan.steps;
}

/**
 * The units a range of this kernel counts: its channel blocks (full blocks of Q output lanes, then
 * the narrower tail block), or its groups when groups run as separate channel ranges.
 */
export function conv2dUnits(p: Conv2dParams): number {
  const plan = planConv(p);
  return plan.groupLoops > 1 ? plan.groupLoops : plan.blocks.length;
}

/** Bias padded to whole vectors (zeros in the padding lanes). */
export function packBias(bias: Float32Array | undefined, channels: number): Float32Array {
  const packed = new Float32Array(lanes(channels));
  if (bias) packed.set(bias.subarray(0, channels));
  return packed;
}

export function conv2dFlops(p: Conv2dParams): number {
  const { batch, channels } = p.output;
  const [height, width] = p.outputGrid?.size ?? [p.output.height, p.output.width];
  return 2 * batch * height * width * channels * (p.input.channels / p.groups) * p.kernel[0] * p.kernel[1];
}

export function conv2dKernel(p: Conv2dParams): FunctionBuilder {
  const plan = planConv(p);
  const { input, output, residual } = p;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [dh, dw] = p.dilation;
  const inS = stridesOf(input, { packed: p.taps === 'rows' });
  const grid = p.outputGrid ?? { first: [0, 0], step: [1, 1], size: [output.height, output.width] };
  const [gridHeight, gridWidth] = grid.size;
  if (grid.first[0] + grid.step[0] * (gridHeight - 1) >= output.height || grid.first[1] + grid.step[1] * (gridWidth - 1) >= output.width) {
    throw new Error(`${p.name}: the output grid reaches past the ${output.height}×${output.width} output`);
  }
  // Strides between the grid's pixels and rows, and its first pixel, in the output and residual.
  const onGrid = (buffer: NhwcBuffer) => {
    const s = stridesOf(buffer);
    return { pixel: grid.step[1] * s.pixel, row: grid.step[0] * s.row, image: s.image, origin: buffer.offset + grid.first[0] * s.row + grid.first[1] * s.pixel };
  };
  const outS = onGrid(output);
  const resS = residual ? onGrid(residual) : undefined;
  if (input.batch !== output.batch) throw new Error(`${p.name}: batch ${input.batch} in, ${output.batch} out`);
  if (residual && (residual.height !== output.height || residual.width !== output.width || residual.channels !== output.channels || residual.batch !== output.batch)) {
    throw new Error(`${p.name}: the residual's shape differs from the output's`);
  }
  const lastY = (gridHeight - 1) * sh - p.padding.top;
  const lastX = (gridWidth - 1) * sw - p.padding.left;
  checkReach(input, p.name, -p.padding.top, lastY + (kh - 1) * dh + 1, -p.padding.left, lastX + (kw - 1) * dw + 1);
  // The window of output pixel (0, 0) starts here; every tap's displacement from it is ≥ 0.
  const origin = input.offset - p.padding.top * inS.row - p.padding.left * inS.pixel;

  const f = new FunctionBuilder(p.name, { from: 'i32', to: 'i32', ...(p.displaced ? { delta: 'i32' } : {}) });
  const [from, to, delta] = f.params;
  const order = p.order ?? defaultConvOrder(p.kernel);
  if (p.rows && !rangesRows(p, plan)) throw new Error(`${p.name}: a range of rows needs channel blocks, pixels outermost and the whole output`);
  const units = p.rows ? gridHeight : conv2dUnits(p);
  // Channel blocks over the whole output (no grid, not Winograd's displaced GEMM) say which channels each writes.
  const channels = plan.groupLoops === 1 && !p.outputGrid && !p.displaced && !p.rows ? { channels: { bytes: 4 * plan.tile.channels, total: 4 * plan.outLanes } } : {};
  f.range = { units, unit: p.rows ? 'rows' : plan.groupLoops > 1 ? 'groups' : 'channel blocks', ...(p.displaced ? { rest: [0] } : {}), ...channels };
  // The channel blocks (or groups) to compute: [from, to), or all of them when the range counts rows.
  const blocksFrom = () => (p.rows ? f.i32(0) : f.get(from));
  const blocksTo = () => (p.rows ? f.i32(plan.blocks.length) : f.get(to));
  const { pixels: P } = plan.tile;
  const maxV = Math.max(...plan.blocks) / 4;
  f.comment(`conv2d ${input.channels}→${output.channels} ${kh}×${kw} stride ${sh}×${sw} dilation ${dh}×${dw} groups ${p.groups}` +
    ` on ${input.height}×${input.width} → ${gridHeight}×${gridWidth}${p.outputGrid ? ` (output pixels ${grid.first.join(',')} + ${grid.step.join('×')}·i of ${output.height}×${output.width})` : ''}` +
    `, batch ${input.batch}; tile ${P}×${plan.tile.channels}` +
    `, ${order} outermost, ${plan.segments.length} k-loops of ${plan.steps}${plan.grouped || p.groups === 1 ? '' : ' (groups run dense)'}` +
    `; [from, to) of its ${units} ${f.range.unit}`);

  const image = input.batch > 1 ? f.local('n', 'i32') : undefined;
  const oy = f.local('oy', 'i32');
  const tileIndex = f.local('t', 'i32');
  const inRow = f.local('in_row', 'i32');
  const outRow = f.local('out_row', 'i32');
  const resRow = residual ? f.local('res_row', 'i32') : undefined;
  const inPix = f.local('in_px', 'i32');
  const outPix = f.local('out_px', 'i32');
  const resPix = residual ? f.local('res_px', 'i32') : undefined;
  const w = f.local('w', 'i32');
  const blockWeights = order === 'channels' ? f.local('w_block', 'i32') : w;
  const oc = f.local('oc', 'i32');
  const ocEnd = f.local('oc_end', 'i32');
  const group = plan.groupLoops > 1 ? f.local('g', 'i32') : undefined;
  const ic = plan.groupLoops > 1 ? f.local('ic', 'i32') : undefined;
  const i = f.local('i', 'i32');
  const end = f.local('end', 'i32');
  const out = f.local('o', 'i32');
  const res = residual ? f.local('r', 'i32') : undefined;
  const acc: Local[][] = Array.from({ length: P }, (_, px) => Array.from({ length: maxV }, (__, v) => f.local(`acc${px}_${v}`, 'v128')));
  const wv: Local[] = Array.from({ length: maxV }, (_, v) => f.local(`w${v}`, 'v128'));
  const x = f.local('x', 'v128');
  const temp = f.local('tmp', 'v128');
  const ocStart = f.local('oc_start', 'i32');
  const wStart = f.local('w_start', 'i32');
  const fullBlocks = plan.blocks.filter((b) => b === plan.tile.channels).length;
  const tailBlock = plan.blocks.length > fullBlocks ? plan.blocks[plan.blocks.length - 1] : 0;
  const ocFullEnd = plan.groupLoops > 1 ? undefined : f.local('oc_full_end', 'i32');
  const doTail = plan.groupLoops > 1 || !tailBlock ? undefined : f.local('do_tail', 'i32');

  // Where the range starts: its first block's (or group's) output lanes and packed weights.
  const groupBytes = plan.blocks.reduce((sum, width) => sum + blockWeightBytes(plan, width), 0);
  const rangeStart = () => {
    blocksFrom();
    f.i32(plan.groupLoops > 1 ? 4 * plan.outLanes : 4 * plan.tile.channels).op('i32.mul').set(ocStart);
    blocksFrom();
    f.i32(plan.groupLoops > 1 ? groupBytes : blockWeightBytes(plan, plan.tile.channels)).op('i32.mul').i32(p.weights).op('i32.add').set(wStart);
    if (ocFullEnd) {
      // min(to, full) · 4Q: where the full blocks of the range end.
      blocksTo();
      f.i32(fullBlocks);
      blocksTo();
      f.i32(fullBlocks).op('i32.lt_s').op('select').i32(4 * plan.tile.channels).op('i32.mul').set(ocFullEnd);
    }
    if (doTail) {
      blocksTo();
      f.i32(fullBlocks).op('i32.gt_s');
      blocksFrom();
      blocksTo();
      f.op('i32.lt_s').op('i32.and').set(doTail);
    }
  };

  // One Q-channel block of a P-pixel tile: init, one k-loop per segment, epilogue.
  const block = (pixels: number, width: number) => {
    const vectors = width / 4;
    f.comment(`block: ${pixels} px × ${width} ch`);
    for (let v = 0; v < vectors; v++) {
      if (p.bias !== undefined) f.get(oc).mem('v128.load', { offset: p.bias + 16 * v }).set(acc[0][v]);
      else f.f32x4([0, 0, 0, 0]).set(acc[0][v]);
      for (let px = 1; px < pixels; px++) f.get(acc[0][v]).set(acc[px][v]);
    }
    f.get(inPix);
    if (ic) f.get(ic).op('i32.add');
    f.tee(i).i32(4 * plan.steps).op('i32.add').set(end);
    plan.segments.forEach((segment, s) => {
      if (s > 0) {
        f.get(inPix);
        if (ic) f.get(ic).op('i32.add');
        f.set(i);
      }
      f.comment(segment.kx >= 0 ? `tap (${segment.ky}, ${segment.kx})` : `window row ${segment.ky}`);
      f.countedLoop('k', i, 4, end, () => {
        for (let v = 0; v < vectors; v++) f.get(w).mem('v128.load', { offset: 16 * v }).set(wv[v]);
        for (let px = 0; px < pixels; px++) {
          f.get(i).mem('v128.load32_splat', { offset: segment.offset + px * sw * inS.pixel }).set(x);
          for (let v = 0; v < vectors; v++) {
            if (p.relaxed) f.get(x).get(wv[v]).get(acc[px][v]).op('f32x4.relaxed_madd').set(acc[px][v]);
            else f.get(acc[px][v]).get(x).get(wv[v]).op('f32x4.mul').op('f32x4.add').set(acc[px][v]);
          }
        }
        f.addTo(w, 4 * width);
      });
    });
    f.get(outPix).get(oc).op('i32.add').set(out);
    if (res && resPix) f.get(resPix).get(oc).op('i32.add').set(res);
    const pass = p.activation !== undefined && p.epilogue === 'pass' && pixels * vectors > 1;
    for (let px = 0; px < pixels; px++) {
      for (let v = 0; v < vectors; v++) {
        if (res && resS) f.get(acc[px][v]).get(res).mem('v128.load', { offset: px * resS.pixel + 16 * v }).op('f32x4.add').set(acc[px][v]);
        if (!pass) emitActivation(f, p.activation, acc[px][v], temp);
        f.get(out).get(acc[px][v]).mem('v128.store', { offset: px * outS.pixel + 16 * v });
      }
    }
    if (pass && p.activation) emitActivationPass(f, p.activation, out, { pixels, pixelBytes: outS.pixel, vectors }, temp);
  };

  // Every channel block of the range (per group), with `oc` (and `ic`) set for each; `oc` advances
  // after each and `w` walks the blocks' packed weights front to back from `w_start`.
  const channelSweep = (body: (width: number) => void) => {
    const one = (width: number) => {
      body(width);
      f.addTo(oc, 4 * width);
    };
    const perGroup = () => {
      if (fullBlocks > 1) {
        f.get(oc).i32(fullBlocks * 4 * plan.tile.channels).op('i32.add').set(ocEnd);
        f.loop('blocks', () => {
          one(plan.tile.channels);
          f.get(oc).get(ocEnd).op('i32.ne').brIf('blocks');
        });
      } else if (fullBlocks === 1) one(plan.tile.channels);
      if (tailBlock) one(tailBlock);
    };
    if (group && ic) {
      // The range counts groups: [from, to) of them, every block of each.
      f.get(ocStart).set(oc).get(from).set(group).get(from).i32(4 * (input.channels / p.groups)).op('i32.mul').set(ic);
      f.get(group).get(to).op('i32.lt_s').ifElse(() => {
        f.countedLoop('groups', group, 1, to, () => {
          perGroup();
          f.addTo(ic, 4 * (input.channels / p.groups));
        });
      });
    } else if (ocFullEnd) {
      // The range counts blocks: full ones [from, min(to, full)), then the tail block if in range.
      f.get(ocStart).set(oc);
      if (fullBlocks > 0) {
        f.get(oc).get(ocFullEnd).op('i32.lt_s').ifElse(() => {
          f.loop('blocks', () => {
            one(plan.tile.channels);
            f.get(oc).get(ocFullEnd).op('i32.ne').brIf('blocks');
          });
        });
      }
      if (doTail) f.get(doTail).ifElse(() => one(tailBlock));
    }
  };

  // Every P-pixel tile (and the narrower tail tile of each row), with in_px, out_px, res_px set.
  const fullTiles = Math.floor(gridWidth / P);
  const tailPixels = gridWidth % P;
  const pixelSweep = (body: (pixels: number) => void, onlyImage?: Local) => {
    const rowBody = () => {
      f.get(inRow).set(inPix).get(outRow).set(outPix);
      if (resRow && resPix) f.get(resRow).set(resPix);
      if (fullTiles > 0) {
        f.setTo(tileIndex, 0);
        f.countedLoop('tiles', tileIndex, 1, fullTiles, () => {
          body(P);
          f.addTo(inPix, P * sw * inS.pixel).addTo(outPix, P * outS.pixel);
          if (resPix && resS) f.addTo(resPix, P * resS.pixel);
        });
      }
      if (tailPixels > 0) {
        f.comment(`the row's last ${tailPixels} pixel(s)`);
        body(tailPixels);
      }
      f.addTo(inRow, sh * inS.row).addTo(outRow, outS.row);
      if (resRow && resS) f.addTo(resRow, resS.row);
    };
    const imageBody = (n: number | Local) => {
      const base = (start: number, stride: number) => {
        if (typeof n === 'number') f.i32(start + n * stride);
        else f.get(n).i32(stride).op('i32.mul').i32(start).op('i32.add');
        if (delta) f.get(delta).op('i32.add');
      };
      // From row `from` of the range when it counts rows, else row 0.
      const rowsFrom = (rowBytes: number) => {
        if (p.rows) f.get(from).i32(rowBytes).op('i32.mul').op('i32.add');
      };
      base(origin, inS.image);
      rowsFrom(sh * inS.row);
      f.set(inRow);
      base(outS.origin, outS.image);
      rowsFrom(outS.row);
      f.set(outRow);
      if (residual && resS && resRow) {
        base(resS.origin, resS.image);
        rowsFrom(resS.row);
        f.set(resRow);
      }
      if (p.rows) f.get(from).set(oy);
      else f.setTo(oy, 0);
      f.countedLoop('rows', oy, 1, p.rows ? to : gridHeight, rowBody);
    };
    if (onlyImage) imageBody(onlyImage);
    else if (image) {
      f.setTo(image, 0);
      f.countedLoop('images', image, 1, input.batch, () => imageBody(image));
    } else imageBody(0);
  };

  // An empty range does nothing at all (a call that only warms the function up costs a few instructions).
  f.get(from).get(to).op('i32.lt_s').ifElse(() => {
    rangeStart();
    if (order === 'pixels') {
      // Each input window stays in L1 while every channel block's weights stream past it.
      pixelSweep((pixels) => {
        if (p.imageWeightStride && image) f.get(image).i32(p.imageWeightStride).op('i32.mul').get(wStart).op('i32.add').set(w);
        else f.get(wStart).set(w);
        channelSweep((width) => block(pixels, width));
      });
    } else {
      // Each block's weights stay in L1 while the input streams past them: better when the weights
      // of all blocks outgrow L1 and a window is small (1×1). With weights per image (Winograd's n²
      // GEMMs), image by image, each with its own blocks.
      const sweep = (onlyImage?: Local) => channelSweep((width) => {
        pixelSweep((pixels) => {
          f.get(blockWeights).set(w);
          block(pixels, width);
        }, onlyImage);
        f.get(w).set(blockWeights);
      });
      if (p.imageWeightStride && image) {
        f.setTo(image, 0);
        f.countedLoop('images', image, 1, input.batch, () => {
          f.get(image).i32(p.imageWeightStride!).op('i32.mul').get(wStart).op('i32.add').set(blockWeights);
          sweep(image);
        });
      } else {
        f.get(wStart).set(blockWeights);
        sweep();
      }
    }
  });
  return f;
}
