/**
 * Winograd F(m×m, 3×3) convolution, m = 2, 3 or 4 (dilation 1, groups 1), at stride 1 or 2, as three
 * stages over chunks of tile rows, so the transformed tiles stay in cache between stages:
 *
 *   1. input transform:  V[ξ][t][c] = (Bᵀ d B)[ξ]        d: the n×n input patch of tile t, n = m + 2
 *   2. n² GEMMs:         M[ξ][t][o] = Σ_c V[ξ][t][c] · U[ξ][c][o],   U = G g Gᵀ (packed at build time)
 *   3. output transform: y = Aᵀ M A (m×m per tile) + bias, + residual, activation
 *
 * with Aᵀ, G, Bᵀ from plan/winograd.ts (2-D F(m×m, r×r) applies the 1-D transforms along both
 * axes: Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A). The GEMMs are `conv2dKernel` with a 1×1 kernel over a
 * "batch" of n² images of one row of tiles, each image with its own weights; a tile plays a pixel.
 *
 * Multiplies per output and input channel in stage 2: n²/m², that is 16/4 = 4 for F(2×2), 25/9 =
 * 2.78 for F(3×3) and 36/16 = 2.25 for F(4×4), against 9 for direct convolution (2.25×, 3.24× and
 * 4× fewer). The transforms
 * cost O(n³) adds per tile and channel and stream V and M, which is why a chunk stays in cache.
 *
 * At stride 2 (plan/winograd.ts `winogradScheme`: the filter's even and odd taps as two stride-1
 * algorithms side by side) a tile's patch is n = 2m + 1 inputs a side, 2m apart, and the products
 * n²/m² = 25/4 for F(2×2) and 81/16 for F(4×4): 1.44× and 1.78× fewer than direct convolution's
 * 9, for filters of 25 and 81 blocks. Everything else is the same code.
 *
 * A batch runs image by image through the stages, the image index a parameter of each; where an
 * image has few tiles, a chunk is instead one or more whole images (`defaultImagesPerChunk`), unless
 * the transformed filters fit in a core's L2: then a chunk is one tile row (`cachedFilterBytes`).
 *
 * Tiles at the right and bottom edge may reach past the output; their inputs come from the stored
 * border (which must be as deep as `winogradReach` says) and the outputs beyond the edge are not
 * stored. Accuracy: F(2×2) is within the 1e-5 of direct convolution; F(4×4)'s transforms (entries
 * up to 8 in Aᵀ, 5 in Bᵀ) lose about one more decimal digit (test/wasm/winograd.test.ts).
 */
import { winogradLabel, winogradScheme, type WinogradScheme } from '../../../plan/winograd.js';
import { FunctionBuilder, type Local } from '../encoder.js';
import { combine as combination, filterTransform } from '../helpers.js';
import { checkReach, lanes, stridesOf, type Border, type NhwcBuffer } from './buffer.js';
import { cachedFilterBytes, conv2dBlockLanes, conv2dKernel, conv2dWeightsLength, packConv2dWeights, type Conv2dParams } from './conv2d.js';
import { emitActivation, emitActivationPass, isTranscendental, type Activation } from './epilogue.js';

export interface WinogradParams {
  name: string;
  m: 2 | 3 | 4;
  /** Filter taps per axis (default 3) and stride (default 1): plan/winograd.ts `winogradScheme`. */
  kernel?: number;
  stride?: 1 | 2;
  input: NhwcBuffer;
  output: NhwcBuffer;
  padding: { top: number; left: number };
  /** Byte address of `packWinogradWeights`'s output. */
  weights: number;
  bias?: number;
  residual?: NhwcBuffer;
  activation?: Activation;
  /** Byte address of `winogradScratchBytes(p)` bytes of scratch, 16-aligned. */
  scratch: number;
  /** Tile rows per chunk; default: enough for about 32 tiles. */
  tileRowsPerChunk?: number;
  /** The GEMMs' register tile; `defaultGemmTile` otherwise. */
  gemmTile?: { pixels: number; channels: number };
  /**
   * Whole images per chunk instead of tile rows of one; 0: tile rows. Must divide the batch.
   * Default: `defaultImagesPerChunk` where the filters do not fit in L2 (`cachedFilterBytes`; else
   * chunks of one tile row), or tile rows when `tileRowsPerChunk` is given.
   */
  imagesPerChunk?: number;
  /** The GEMMs' loop order (conv2d's `order`); default: `defaultGemmOrder`. */
  gemmOrder?: 'pixels' | 'channels';
  /**
   * The activation on each of a tile's m² outputs ('inline') or as a pass over the stored tile
   * (conv2d's `epilogue`). Default: 'pass' for the transcendental ones — with silu on F(4×4) 64→64
   * at 56² it measured −8 % to +14 % against inline (two runs of three faster) with a third of the
   * code (20 KB against 45 KB raw).
   */
  epilogue?: 'inline' | 'pass';
}

interface WinogradPlan {
  matrices: WinogradScheme;
  n: number;
  tilesX: number;
  tilesY: number;
  /** Whole images per chunk, or 0 when a chunk is tile rows of one image. */
  images: number;
  /** Tile rows whose m output rows all exist, and the height of a last partial one (0: none). */
  fullTileRows: number;
  lastRowHeight: number;
  rowsPerChunk: number;
  chunkTiles: number;
  /** Bytes between consecutive ξ in V and in M. */
  vStride: number;
  mStride: number;
  /** Where V and M start, in bytes from the scratch's address. */
  v: number;
  mBase: number;
  /** Chunks of one image: full ones, a shorter remainder, and the partial last tile row. */
  fullChunks: number;
  remainder: number;
  units: number;
}

/**
 * A chunk of about 32 tiles keeps V and M in cache between the stages; cut from an image of few
 * tiles (ResNet's 7² and 14² stages) it would run GEMMs over a handful of tiles, each reading all
 * n² transformed filter blocks for them. There a chunk is whole images: as many as fit in 64 tiles
 * and divide the batch, at least one (its partial last tile row included). Measured interleaved
 * (bench/kernels/wasm.ts 'batch:', loaded machine): 3×3 512→512 at 7², batch 1, F(2×2) 52 ms in
 * chunks of tile rows (12 tiles, then 4), 11 ms as one image; 256→256 at 14², F(2×2), 5.0 → 2.5 ms
 * at batch 1 and 38 → 26 ms at batch 8; F(4×4) at 7², batch 8, eight images of 4 tiles a chunk: 36
 * ms against 117 for the direct kernel.
 */
export function defaultImagesPerChunk(batch: number, tilesPerImage: number): number {
  if (tilesPerImage > 64) return 0;
  let images = 1;
  for (let k = 2; k <= batch; k++) if (batch % k === 0 && k * tilesPerImage <= 64) images = k;
  return images;
}


/** Bytes of one filter block (C·O floats) past which it no longer stays in L2 beside V and M . */
const cachedBlockBytes = 256 * 1024;

/**
 * The GEMMs' loop order, as for direct convolution: pixel tiles outermost reads each ξ's filter
 * block once per pixel tile, channel blocks outermost reads the chunk's V once per block. Past
 * 256 KB per block (C·O·4 bytes, 256 → 256 channels) the filters no longer stay in L2 beside V and
 * M: 512→512 at 7², F(2×2), one image a chunk, 11.3 ms channels outermost against 18.4 ms; at
 * 256→256 pixels outermost is still the faster (2.5 against 3.9 ms at 14²).
 */
export function defaultGemmOrder(inChannels: number, outChannels: number): 'pixels' | 'channels' {
  return 4 * inChannels * outChannels > cachedBlockBytes ? 'channels' : 'pixels';
}

/** The layer's algorithm along each axis. */
function schemeOf(p: Pick<WinogradParams, 'm' | 'kernel' | 'stride'>): WinogradScheme {
  return winogradScheme(p.m, p.kernel ?? 3, p.stride ?? 1);
}

/** `F(4×4, 3×3)`, `F(2×2, 3×3/2)`: the algorithm, for comments. */
function label(p: Pick<WinogradParams, 'm' | 'kernel' | 'stride'>): string {
  return winogradLabel(schemeOf(p));
}

function planWinograd(p: WinogradParams): WinogradPlan {
  const matrices = schemeOf(p);
  const { n } = matrices;
  const tilesX = Math.ceil(p.output.width / p.m);
  const tilesY = Math.ceil(p.output.height / p.m);
  const fullTileRows = Math.floor(p.output.height / p.m);
  const wholeImages = p.tileRowsPerChunk !== undefined ? 0 : defaultImagesPerChunk(p.output.batch, tilesX * tilesY);
  // Transformed filter bytes (n² blocks of C×O floats) up to which a layer whose image has few
  // tiles runs in chunks of one tile row instead of whole images: its filters stay in a core's L2,
  // so GEMMs over a few tiles cost little more, and its chunks are the parts threads share — each
  // thread on the rows it wrote in the layer before, where a split by output-channel blocks has
  // every thread read all of V, half of it written by the other core. On this 2-core VM (its vCPUs
  // at times in different core complexes: a line's round trip 0.5 µs instead of 0.06–0.15)
  // cifar-vgg on two threads measured ×1.12 of one thread by channel blocks against ×1.52 by tile
  // rows (same process, interleaved; ×1.15 against ×1.52 and ×1.26 against ×1.57 in other draws),
  // SqueezeNet 1.1 ×1.27 → ×1.40 and ×1.47 → ×1.56. One thread: the same at batch 1, faster at
  // batch 8 (6.0 against 7.0 ms). ResNet-18's 14² and 7² layers (4–16 MB of filters) stay whole.
  const rowsOfOne = p.imagesPerChunk === undefined && wholeImages > 0 && 4 * n * n * p.input.channels * p.output.channels <= cachedFilterBytes;
  const images = rowsOfOne ? 0 : p.imagesPerChunk ?? wholeImages;
  if (images && p.output.batch % images) throw new Error(`${p.name}: ${images} images per chunk do not divide the batch of ${p.output.batch}`);
  // Tile rows: about 32 tiles per chunk, evened out over the full tile rows: every chunk's GEMM runs
  // over a whole chunk's tiles, so a short remainder chunk (5 + 1 rows of a 13×13 F(2×2) layer)
  // computed products nobody stores, and a split layer's chunks are the parts threads share.
  const target = Math.max(1, Math.round(32 / tilesX));
  const rowsPerChunk = images ? tilesY : rowsOfOne ? 1 : p.tileRowsPerChunk ?? (fullTileRows > 0 ? evenChunks(fullTileRows, Math.ceil(fullTileRows / Math.ceil(fullTileRows / target))) : target);
  const chunkTiles = images ? images * tilesY * tilesX : rowsPerChunk * tilesX;
  const vStride = chunkTiles * 4 * lanes(p.input.channels);
  const mStride = chunkTiles * 4 * lanes(p.output.channels);
  const lastRowHeight = p.output.height % p.m;
  const fullChunks = Math.floor(fullTileRows / rowsPerChunk);
  const remainder = fullTileRows % rowsPerChunk;
  return {
    matrices, n, tilesX, tilesY, images, rowsPerChunk, chunkTiles, vStride, mStride, fullTileRows, lastRowHeight,
    v: 0,
    mBase: n * n * vStride,
    fullChunks, remainder, units: images ? p.output.batch / images : fullChunks + (remainder ? 1 : 0) + (lastRowHeight ? 1 : 0),
  };
}

/**
 * Rows per chunk for `rows` full tile rows, from `preferred`: fewer rows (down to half) where that
 * makes the chunk count even. Threads share a layer by chunks, so an odd count leaves one thread a
 * chunk more: ResNet-18's 56² layers, F(4×4), were 7 chunks of 2 rows, 4 against 3 on two threads;
 * as 14 chunks of one row they split 7 and 7, and one thread measured the same (45.9 against 46.1
 * and 45.7 against 45.4 ms for the whole network, interleaved).
 */
function evenChunks(rows: number, preferred: number): number {
  const count = (r: number) => Math.ceil(rows / r);
  if (count(preferred) % 2 === 0 || count(preferred) === 1) return preferred;
  for (let r = preferred - 1; r >= Math.ceil(preferred / 2); r--) if (count(r) % 2 === 0) return r;
  return preferred;
}

/** The chunks a layer runs in: the units its threads share (one: a whole-image layer, shared by `channelSplit`). */
export function winogradChunks(p: WinogradParams): number {
  return planWinograd(p).units;
}

/** Scratch the kernel needs: the transformed inputs and products of one chunk. */
export function winogradScratchBytes(p: WinogradParams): number {
  const plan = planWinograd(p);
  return plan.n * plan.n * (plan.vStride + plan.mStride);
}

/**
 * The input border the tiles read: the padding, plus whatever edge tiles overhang (the last tile's
 * patch of n inputs starts m · stride after the one before it).
 */
export function winogradReach(p: Pick<WinogradParams, 'm' | 'kernel' | 'stride' | 'input' | 'output' | 'padding'>): Border {
  const { n, stride } = schemeOf(p);
  const end = (outputs: number) => (Math.ceil(outputs / p.m) - 1) * p.m * stride + n;
  return {
    top: p.padding.top,
    left: p.padding.left,
    bottom: Math.max(0, end(p.output.height) - p.padding.top - p.input.height),
    right: Math.max(0, end(p.output.width) - p.padding.left - p.input.width),
  };
}

/**
 * The GEMMs' register tile where the layer does not set one: 4 tiles × 8 channels, as the registry
 * takes for direct convolution (conv2d's own default for a 1×1 kernel is 2×16). Against 2×16,
 * interleaved: ResNet-18 ×1.075–1.09 on one thread and ×1.06–1.08 on two with 4 × 4 at its 7²
 * stage, and ×1.01 more with 4×8 there too; SqueezeNet and cifar-vgg ×1.01–1.025. Each kernel alone
 * (bench/kernels/wasm.ts 'gemm tile', 'stride 2 tile', ms, 2×16 / 4×8 / 4×4): F(2×2)/2 64→128 at
 * 28² 2.35 / 1.90 / 2.35, the other stride-1 and stride-2 layers of ResNet-18 within 2 %. At 7²
 * 512→512 (4 tiles, 1 MB filter blocks) that harness gave 3.09 / 3.77 / 2.49 and another (each
 * variant's own module over one memory) 2.53 / 1.91 / 2.22: one image of 4 tiles streams 38 MB of
 * filters once, and its speed follows where they lie; in the network 4×8 and 4×4 tie.
 */
export const defaultGemmTile = { pixels: 4, channels: 8 } as const;

/** Output lanes per GEMM channel block: the `Q` of the filters' packed order (load-time expansion: helpers.ts). */
export function winogradGemmBlockLanes(p: WinogradParams): number {
  const plan = planWinograd(p);
  return conv2dBlockLanes(gemmParams(p, plan))!;
}

function gemmParams(p: WinogradParams, plan: WinogradPlan): Conv2dParams {
  const { n, chunkTiles } = plan;
  const none = { top: 0, bottom: 0, left: 0, right: 0 };
  return {
    name: `${p.name}_gemm`,
    input: { offset: p.scratch + plan.v, batch: n * n, height: 1, width: chunkTiles, channels: p.input.channels, border: none },
    output: { offset: p.scratch + plan.mBase, batch: n * n, height: 1, width: chunkTiles, channels: p.output.channels, border: none },
    kernel: [1, 1], stride: [1, 1], dilation: [1, 1], padding: { top: 0, left: 0 }, groups: 1,
    weights: p.weights, tile: p.gemmTile ?? defaultGemmTile,
    order: p.gemmOrder ?? defaultGemmOrder(p.input.channels, p.output.channels),
  };
}

/**
 * PyTorch's [O, C, r, r] as n² GEMM weight blocks: U[ξ] = (G g Gᵀ)[ξ] for every (o, c), computed
 * in float64 and rounded once, each block in conv2d's packed order for a 1×1 kernel.
 */
export function packWinogradWeights(p: WinogradParams, weight: Float32Array): Float32Array {
  const plan = planWinograd(p);
  const { n, u, U } = filterTransform(plan.matrices);
  const outChannels = p.output.channels;
  const inChannels = p.input.channels;
  const taps = plan.matrices.r * plan.matrices.r;
  if (weight.length !== outChannels * inChannels * taps) throw new Error(`${p.name}: weight has ${weight.length} values, expected ${outChannels}×${inChannels}×${plan.matrices.r}×${plan.matrices.r}`);
  const transformed = Array.from({ length: n * n }, () => new Float32Array(outChannels * inChannels));
  const stage = new Float64Array(u.length);
  for (let o = 0; o < outChannels; o++) {
    for (let c = 0; c < inChannels; c++) {
      // The load-time helper's sums exactly (helpers.ts): u = g Gᵀ in doubles, then U = G u, rounded once.
      const g = weight.subarray((o * inChannels + c) * taps, (o * inChannels + c) * taps + taps);
      u.forEach((terms, i) => (stage[i] = combination(terms, g)));
      U.forEach((terms, i) => (transformed[i][o * inChannels + c] = combination(terms, stage)));
    }
  }
  const gemm = gemmParams(p, plan);
  const blocks = transformed.map((u) => packConv2dWeights(gemm, u));
  const packed = new Float32Array(blocks.length * blocks[0].length);
  blocks.forEach((block, i) => packed.set(block, i * block.length));
  return packed;
}

/** Floats `packWinogradWeights` writes (n² GEMM weight blocks), without computing them. */
export function winogradWeightsLength(p: WinogradParams): number {
  const plan = planWinograd(p);
  return plan.n * plan.n * conv2dWeightsLength(gemmParams(p, plan));
}

/** FLOPs of the direct convolution this replaces (how the issue's targets count them). */
export function winogradDirectFlops(p: WinogradParams): number {
  const { batch, height, width, channels } = p.output;
  const r = p.kernel ?? 3;
  return 2 * batch * height * width * channels * p.input.channels * r * r;
}

/**
 * targets[i] = Σ_k matrix[i][k] · sources[k], with ±1 as adds and subtracts and zeros skipped; the
 * coefficients are exact (dyadic) for F(2) and F(4), so no rounding enters here.
 */
function combine(f: FunctionBuilder, matrix: number[][], sources: Local[], targets: Local[]): void {
  matrix.forEach((row, i) => {
    let first = true;
    row.forEach((coefficient, k) => {
      if (coefficient === 0) return;
      const magnitude = Math.abs(coefficient);
      f.get(sources[k]);
      if (magnitude !== 1) f.f32x4([magnitude, magnitude, magnitude, magnitude]).op('f32x4.mul');
      if (first) {
        if (coefficient < 0) f.op('f32x4.neg');
      } else f.op(coefficient < 0 ? 'f32x4.sub' : 'f32x4.add');
      first = false;
    });
    if (first) f.f32x4([0, 0, 0, 0]);
    f.set(targets[i]);
  });
}

const transpose = (matrix: number[][]) => matrix[0].map((_, j) => matrix.map((row) => row[j]));

/**
 * The kernel's functions: `name()` runs the convolution; `name_in(image, tile_row, rows)`,
 * `name_gemm()`, `name_out(image, tile_row, rows)` (and `name_out_last` for a partial last tile row)
 * are its stages, exported too so a profile shows where the time goes. A batch runs image after
 * image through the same chunked stages (the scratch holds one chunk of one image).
 */
export function winogradKernels(p: WinogradParams): FunctionBuilder[] {
  const { input, output, residual } = p;
  if (input.batch !== output.batch || (residual && residual.batch !== output.batch)) throw new Error(`${p.name}: batch ${input.batch} in, ${output.batch} out`);
  const plan = planWinograd(p);
  const { n, tilesX, matrices } = plan;
  const m = p.m;
  // Inputs between one tile's patch and the next's.
  const step = m * matrices.stride;
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const resS = residual ? stridesOf(residual) : undefined;
  const reach = winogradReach(p);
  checkReach(input, p.name, -reach.top, input.height + reach.bottom, -reach.left, input.width + reach.right);
  const origin = input.offset - p.padding.top * inS.row - p.padding.left * inS.pixel;
  const inVector = 4 * lanes(input.channels);
  const outVector = 4 * lanes(output.channels);

  // Stage 1: transform `rows` tile rows starting at `tile_row` into V — every channel vector, or
  // (`channels`) those of bytes [c_from, c_to) only.
  const inputTransform = (name: string, channels: boolean) => {
    const f = new FunctionBuilder(name, { image: 'i32', tile_row: 'i32', rows: 'i32', scratch: 'i32', ...(channels ? { c_from: 'i32', c_to: 'i32' } as const : {}) });
    f.comment(`Winograd ${label(p)} input transform: V = Bᵀ d B per ${n}×${n} patch and channel vector${channels ? ' of [c_from, c_to)' : ''}`);
    const [image, tileRow, rows, scratch, cFrom, cTo] = f.params;
    const r = f.local('r', 'i32');
    const t = f.local('t', 'i32');
    const c = f.local('c', 'i32');
    const rowPtr = f.local('row_ptr', 'i32');
    const tilePtr = f.local('tile_ptr', 'i32');
    const vPtr = f.local('v_ptr', 'i32');
    const a = f.local('a', 'i32');
    const d = Array.from({ length: n * n }, (_, i) => f.local(`d${i}`, 'v128'));
    const temp = Array.from({ length: n * n }, (_, i) => f.local(`t${i}`, 'v128'));
    const BT = matrices.BT;
    f.get(image).i32(inS.image).op('i32.mul').get(tileRow).i32(step * inS.row).op('i32.mul').op('i32.add').i32(origin).op('i32.add').set(rowPtr);
    f.get(scratch).i32(plan.v).op('i32.add').set(vPtr).setTo(r, 0);
    // No rows: nothing (warm() calls it so).
    f.get(rows).ifElse(() => f.countedLoop('rows', r, 1, rows, () => {
      f.get(rowPtr).set(tilePtr).setTo(t, 0);
      f.countedLoop('tiles', t, 1, tilesX, () => {
        if (channels) f.get(cFrom).set(c);
        else f.setTo(c, 0);
        f.countedLoop('channels', c, 16, channels ? cTo : inVector, () => {
          f.get(tilePtr).get(c).op('i32.add').set(a);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) f.get(a).mem('v128.load', { offset: i * inS.row + j * inS.pixel }).set(d[i * n + j]);
          // Columns first (T = Bᵀ d), then rows (V = T B).
          for (let j = 0; j < n; j++) combine(f, BT, d.filter((_, k) => k % n === j), temp.filter((_, k) => k % n === j));
          for (let i = 0; i < n; i++) combine(f, BT, temp.slice(i * n, i * n + n), d.slice(i * n, i * n + n));
          for (let xi = 0; xi < n * n; xi++) f.get(vPtr).get(c).op('i32.add').get(d[xi]).mem('v128.store', { offset: xi * plan.vStride });
        });
        f.addTo(tilePtr, step * inS.pixel).addTo(vPtr, inVector);
      });
      f.addTo(rowPtr, step * inS.row);
    }));
    return f;
  };
  const transformIn = inputTransform(`${p.name}_in`, false);

  // Stage 2: the n² products, over the scratch at p.scratch + delta.
  const gemm = conv2dKernel({ ...gemmParams(p, plan), imageWeightStride: packedGemmBytes(p, plan), displaced: true });

  // Stage 3: M → outputs of `rows` tile rows of full height, or of the last, partial one.
  const transformOut = (name: string, height: number | 'full') => {
    // Channel vectors [c_from, c_to) in bytes: all of them, or a thread's channel blocks (threadSplit).
    const f = new FunctionBuilder(name, { image: 'i32', tile_row: 'i32', rows: 'i32', scratch: 'i32', c_from: 'i32', c_to: 'i32' });
    const rowsHigh = height === 'full' ? m : height;
    f.comment(`Winograd ${label(p)} output transform: y = Aᵀ M A, ${rowsHigh} of ${m} rows per tile stored`);
    const [image, tileRow, rows, scratch, cFrom, cTo] = f.params;
    const r = f.local('r', 'i32');
    const t = f.local('t', 'i32');
    const c = f.local('c', 'i32');
    const outRow = f.local('out_row', 'i32');
    const resRow = f.local('res_row', 'i32');
    const outTile = f.local('out_tile', 'i32');
    const resTile = f.local('res_tile', 'i32');
    const mPtr = f.local('m_ptr', 'i32');
    const o = f.local('o', 'i32');
    const q = f.local('q', 'i32');
    const M = Array.from({ length: n * n }, (_, i) => f.local(`m${i}`, 'v128'));
    const S = Array.from({ length: m * n }, (_, i) => f.local(`s${i}`, 'v128'));
    const Y = Array.from({ length: m * m }, (_, i) => f.local(`y${i}`, 'v128'));
    const temp = f.local('tmp', 'v128');
    const bias = f.local('bias', 'v128');
    const AT = matrices.AT;
    const pass = p.activation !== undefined && (p.epilogue ?? (isTranscendental(p.activation) ? 'pass' : 'inline')) === 'pass';
    const tile = (columns: number) => {
      f.get(cFrom).set(c);
      f.countedLoop('channels', c, 16, cTo, () => {
        f.get(mPtr).get(c).op('i32.add').set(q);
        for (let xi = 0; xi < n * n; xi++) f.get(q).mem('v128.load', { offset: xi * plan.mStride }).set(M[xi]);
        for (let j = 0; j < n; j++) combine(f, AT, M.filter((_, k) => k % n === j), S.filter((_, k) => k % n === j));
        for (let i = 0; i < m; i++) combine(f, AT, S.slice(i * n, i * n + n), Y.slice(i * m, i * m + m));
        f.get(outTile).get(c).op('i32.add').set(o);
        if (resS) f.get(resTile).get(c).op('i32.add').set(q);
        if (p.bias !== undefined) f.get(c).mem('v128.load', { offset: p.bias }).set(bias);
        for (let i = 0; i < rowsHigh; i++) {
          for (let j = 0; j < columns; j++) {
            const y = Y[i * m + j];
            if (p.bias !== undefined) f.get(y).get(bias).op('f32x4.add').set(y);
            if (resS) f.get(y).get(q).mem('v128.load', { offset: i * resS.row + j * resS.pixel }).op('f32x4.add').set(y);
            if (!pass) emitActivation(f, p.activation, y, temp);
            f.get(o).get(y).mem('v128.store', { offset: i * outS.row + j * outS.pixel });
          }
        }
      });
      // The whole tile, every channel vector, while it is in L1.
      if (pass && p.activation) emitActivationPass(f, p.activation, outTile, { rows: rowsHigh, rowBytes: outS.row, pixels: columns, pixelBytes: outS.pixel, vectors: outVector / 16 }, temp);
      f.addTo(outTile, m * outS.pixel).addTo(mPtr, outVector);
      if (resS) f.addTo(resTile, m * resS.pixel);
    };
    f.get(image).i32(outS.image).op('i32.mul').get(tileRow).i32(m * outS.row).op('i32.mul').op('i32.add').i32(output.offset).op('i32.add').set(outRow);
    if (residual && resS) f.get(image).i32(resS.image).op('i32.mul').get(tileRow).i32(m * resS.row).op('i32.mul').op('i32.add').i32(residual.offset).op('i32.add').set(resRow);
    f.get(scratch).i32(plan.mBase).op('i32.add').set(mPtr).setTo(r, 0);
    // No rows: nothing (warm() calls it so).
    f.get(rows).ifElse(() => f.countedLoop('rows', r, 1, rows, () => {
      f.get(outRow).set(outTile);
      if (resS) f.get(resRow).set(resTile);
      const full = Math.floor(output.width / m);
      if (full > 0) {
        f.setTo(t, 0);
        f.countedLoop('tiles', t, 1, full, () => tile(m));
      }
      if (output.width % m) tile(output.width % m);
      f.addTo(outRow, m * outS.row);
      if (resS) f.addTo(resRow, m * resS.row);
    }));
    return f;
  };
  const out = transformOut(`${p.name}_out`, 'full');
  const outLast = plan.lastRowHeight ? transformOut(`${p.name}_out_last`, plan.lastRowHeight) : undefined;
  // Zero rows: a call that does nothing, for warm().
  transformIn.idle = [0, 0, 0, p.scratch];
  for (const stage of [out, ...(outLast ? [outLast] : [])]) stage.idle = [0, 0, 0, p.scratch, 0, outVector];

  // The driver: chunks [from, to) of each image — full chunks of tile rows, the remainder chunk,
  // then the partial last tile row — over the scratch at `scratch` (V and M of one chunk).
  const driver = new FunctionBuilder(p.name, { from: 'i32', to: 'i32', scratch: 'i32' });
  driver.range = { units: plan.units, unit: 'chunks', rest: [p.scratch] };
  {
    const f = driver;
    const [from, to, scratch] = f.params;
    f.comment(`Winograd ${label(p)} ${input.channels}→${output.channels} on ${input.height}×${input.width} → ${output.height}×${output.width}` +
      `, batch ${input.batch}: ${plan.images ? `${plan.images} whole image(s) of ${plan.tilesY}×${tilesX} tiles` : `${plan.rowsPerChunk} tile row(s) of ${tilesX} tiles`} per chunk; chunks [from, to) of its ${plan.units}`);
    const image = f.local('n', 'i32');
    const chunkIndex = f.local('chunk', 'i32');
    const fullEnd = f.local('full_end', 'i32');
    const tileRow = f.local('tile_row', 'i32');
    // The products' buffers move with the scratch: delta from the planned one.
    const chunk = (rows: number, last: FunctionBuilder) => {
      f.get(image).get(tileRow).i32(rows).get(scratch).call(transformIn);
      f.i32(0).i32(gemm.range!.units).get(scratch).i32(p.scratch).op('i32.sub').call(gemm);
      f.get(image).get(tileRow).i32(rows).get(scratch).i32(0).i32(outVector).call(last);
    };
    const inRange = (index: number, body: () => void) => {
      f.get(from).i32(index).op('i32.le_s').get(to).i32(index).op('i32.gt_s').op('i32.and').ifElse(body);
    };
    const oneImage = () => {
      if (plan.fullChunks > 0) {
        // min(to, full chunks)
        f.get(to).i32(plan.fullChunks).get(to).i32(plan.fullChunks).op('i32.lt_s').op('select').set(fullEnd);
        f.get(from).set(chunkIndex);
        f.get(chunkIndex).get(fullEnd).op('i32.lt_s').ifElse(() => {
          f.loop('chunks', () => {
            f.get(chunkIndex).i32(plan.rowsPerChunk).op('i32.mul').set(tileRow);
            chunk(plan.rowsPerChunk, out);
            f.addTo(chunkIndex, 1).get(chunkIndex).get(fullEnd).op('i32.ne').brIf('chunks');
          });
        });
      }
      if (plan.remainder) {
        inRange(plan.fullChunks, () => {
          f.setTo(tileRow, plan.fullChunks * plan.rowsPerChunk);
          chunk(plan.remainder, out);
        });
      }
      if (outLast) {
        inRange(plan.units - 1, () => {
          f.setTo(tileRow, plan.fullTileRows);
          chunk(1, outLast);
        });
      }
    };
    // Whole images per chunk: each image's tiles at their place in V and M (the stages take the
    // scratch moved by it), one GEMM over all of them.
    const images = () => {
      const tilesPerImage = plan.tilesY * tilesX;
      const at = (bytes: number) => { f.get(scratch); if (bytes) f.i32(bytes).op('i32.add'); };
      const first = f.local('first', 'i32');
      f.get(from).set(chunkIndex);
      f.get(from).get(to).op('i32.lt_s').ifElse(() => f.loop('chunks', () => {
        f.get(chunkIndex).i32(plan.images).op('i32.mul').set(first);
        for (let k = 0; k < plan.images; k++) {
          f.get(first).i32(k).op('i32.add').i32(0).i32(plan.tilesY);
          at(k * tilesPerImage * inVector);
          f.call(transformIn);
        }
        f.i32(0).i32(gemm.range!.units).get(scratch).i32(p.scratch).op('i32.sub').call(gemm);
        for (let k = 0; k < plan.images; k++) {
          if (plan.fullTileRows) {
            f.get(first).i32(k).op('i32.add').i32(0).i32(plan.fullTileRows);
            at(k * tilesPerImage * outVector);
            f.i32(0).i32(outVector).call(out);
          }
          if (outLast) {
            f.get(first).i32(k).op('i32.add').i32(plan.fullTileRows).i32(1);
            at((k * tilesPerImage + plan.fullTileRows * tilesX) * outVector);
            f.i32(0).i32(outVector).call(outLast);
          }
        }
        f.addTo(chunkIndex, 1).get(chunkIndex).get(to).op('i32.lt_s').brIf('chunks');
      }));
    };
    f.setTo(image, 0);
    if (plan.images) images();
    else if (input.batch === 1) oneImage();
    else f.countedLoop('images', image, 1, input.batch, oneImage);
  }
  const split = channelSplit(p, plan, { transformIn, transformInPart: inputTransform(`${p.name}_in_part`, true), gemm, out, outLast });
  if (split) driver.threadSplit = split;
  return [driver, transformIn, gemm, out, ...(outLast ? [outLast] : []), ...(split ? [split.prologue!, split.ranged, split.channelsIn!.callee, split.channelsIn!.fn] : [])];
}

/**
 * Threads' share of a layer that is one chunk (whole images: ResNet's 14² and 7² stages at batch
 * 1), which the chunk range cannot split: one thread transforms the inputs into V, then the GEMMs
 * and the output transform run in parts by output-channel blocks, each over the same V and its own
 * channels of M and the output. Each output is computed as by the one-thread driver, so the bytes
 * are the same. Not offered with an activation pass over whole tiles (it covers every channel).
 */
function channelSplit(
  p: WinogradParams, plan: WinogradPlan,
  stages: { transformIn: FunctionBuilder; transformInPart: FunctionBuilder; gemm: FunctionBuilder; out: FunctionBuilder; outLast?: FunctionBuilder },
): FunctionBuilder['threadSplit'] {
  const pass = p.activation !== undefined && (p.epilogue ?? (isTranscendental(p.activation) ? 'pass' : 'inline')) === 'pass';
  const blockLanes = conv2dBlockLanes({ ...gemmParams(p, plan) });
  const units = stages.gemm.range!.units;
  if (!plan.images || plan.units !== 1 || pass || blockLanes === undefined || units < 2) return undefined;
  const tilesPerImage = plan.tilesY * plan.tilesX;
  const inVector = 4 * lanes(p.input.channels);
  const outVector = 4 * lanes(p.output.channels);
  // The input transform first, as a split of its own by tile rows (each thread writes its rows' V
  // vectors); then the threads share the output channel blocks, each reading all of V. Done on one
  // thread it left the other idle for cifar-vgg's largest step (×0.88 of one thread); by rows, ×1.99.
  const prologue = new FunctionBuilder(`${p.name}_split_in`, { from: 'i32', to: 'i32' });
  prologue.range = { units: plan.images * plan.tilesY, unit: 'tile rows', rest: [] };
  {
    const f = prologue;
    const [from, to] = f.params;
    const lo = f.local('lo', 'i32');
    const hi = f.local('hi', 'i32');
    f.comment(`The input transform of tile rows [from, to) of ${plan.images} image(s) × ${plan.tilesY}, before threads share the channel blocks`);
    for (let k = 0; k < plan.images; k++) {
      // This image's rows of [from, to): lo = max(from, first) − first, hi = min(to, first + tilesY) − first.
      const first = k * plan.tilesY;
      f.get(from).i32(first).get(from).i32(first).op('i32.gt_s').op('select').i32(first).op('i32.sub').set(lo);
      f.get(to).i32(first + plan.tilesY).get(to).i32(first + plan.tilesY).op('i32.lt_s').op('select').i32(first).op('i32.sub').set(hi);
      f.get(lo).get(hi).op('i32.lt_s').ifElse(() => {
        f.i32(k).get(lo).get(hi).get(lo).op('i32.sub');
        f.get(lo).i32(plan.tilesX * inVector).op('i32.mul').i32(p.scratch + k * tilesPerImage * inVector).op('i32.add');
        f.call(stages.transformIn);
      });
    }
  }
  const ranged = new FunctionBuilder(`${p.name}_blocks`, { from: 'i32', to: 'i32' });
  // One piece per thread: each call's GEMMs read all of V (0.6–0.9 MB at ResNet-18's 14² and 28²,
  // past L2 beside the filters), so the runtime's 4 pieces a thread read it 4 times. Measured
  // interleaved, 2 threads, ResNet-18: ×1.03 (21.7 against 22.4 ms) and ×1.00–1.01 against every
  // split in one piece a thread — which lost on cifar-vgg (×0.976), MobileNetV2 and SqueezeNet
  // (×0.99–1.00), none of which has a channel-split Winograd layer.
  ranged.range = { units, unit: 'channel blocks', rest: [], channels: { bytes: 4 * blockLanes, total: outVector }, pieces: 1 };
  const f = ranged;
  const [from, to] = f.params;
  const cFrom = f.local('c_from', 'i32');
  const cTo = f.local('c_to', 'i32');
  f.comment(`Channel blocks [from, to) of ${units} (${blockLanes} lanes each): their GEMMs, then their output transform`);
  f.get(from).get(to).op('i32.lt_s').ifElse(() => {
    f.get(from).get(to).i32(0).call(stages.gemm);
    f.get(from).i32(4 * blockLanes).op('i32.mul').set(cFrom);
    // to = units: up to the last (maybe narrower) block's end.
    f.i32(outVector).get(to).i32(4 * blockLanes).op('i32.mul').get(to).i32(units).op('i32.eq').op('select').set(cTo);
    for (let k = 0; k < plan.images; k++) {
      if (plan.fullTileRows) f.i32(k).i32(0).i32(plan.fullTileRows).i32(p.scratch + k * tilesPerImage * outVector).get(cFrom).get(cTo).call(stages.out);
      if (stages.outLast) f.i32(k).i32(plan.fullTileRows).i32(1).i32(p.scratch + (k * tilesPerImage + plan.fullTileRows * plan.tilesX) * outVector).get(cFrom).get(cTo).call(stages.outLast);
    }
  });
  // The prologue's V again, by input channels instead of tile rows: what the step before computes
  // channel blocks of can transform them as it goes (FunctionBuilder.threadSplit.channelsIn).
  const part = stages.transformInPart;
  part.idle = [0, 0, 0, p.scratch, 0, 0];
  const channelsIn = new FunctionBuilder(`${p.name}_in_channels`, { c_from: 'i32', c_to: 'i32' });
  channelsIn.idle = [0, 0];
  {
    const g = channelsIn;
    const [cFromIn, cToIn] = g.params;
    g.comment(`The input transform of every tile, input channel vectors of bytes [c_from, c_to)`);
    g.get(cFromIn).get(cToIn).op('i32.lt_s').ifElse(() => {
      for (let k = 0; k < plan.images; k++) g.i32(k).i32(0).i32(plan.tilesY).i32(p.scratch + k * tilesPerImage * inVector).get(cFromIn).get(cToIn).call(part);
    });
  }
  return { prologue, ranged, channelsIn: { fn: channelsIn, callee: part } };
}

function packedGemmBytes(p: WinogradParams, plan: WinogradPlan): number {
  const gemm = gemmParams(p, plan);
  return 4 * packConv2dWeights(gemm, new Float32Array(p.output.channels * p.input.channels)).length;
}
