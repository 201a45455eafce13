/**
 * The JavaScript target's kernel choice for one step: the variant, and what it needs beyond the
 * step's operands. Slots the kernels read (`$pad`, `$tmp`, `$u`) are these temporaries and derived
 * weights; `slots.ts` says which parameter each slot becomes.
 */
import type { KernelChoice } from '../../target.js';

/**
 * conv2d as Winograd F(2×2, 3×3), chunked by tile rows: `scratch` holds one chunk's transformed
 * input (16 × inChannels × tiles) followed by its products (16 × outChannels × tiles).
 */
export interface WinogradPlan {
  tileRows: number;
  tileCols: number;
  /** Tile rows per chunk (divides tileRows). */
  rows: number;
}

/**
 * conv2d as 1-D Winograd F(m, r) along the width (r = kernel width, stride and dilation 1 along x):
 * each output row is cut into `tiles` tiles of m outputs, each read from n = m + r − 1 input columns,
 * and the sums over input channels and kernel rows happen in the transformed domain — one GEMM per
 * tile position ξ:
 *
 *   M[ξ][k][y][t] = Σ_c Σ_ky U[ξ][k][c][ky] · V[ξ][c][y·sy + ky·dy][t],   U = G g (per kernel row),
 *                                                                       V = Bᵀ d (per input row).
 *
 * Output rows go in chunks of `chunkRows` (reading `chunkInputRows` input rows); the float64 scratch
 * holds a chunk's V, then its M. The filters U are float64 too, derived from `weight` at load;
 * `weight` itself stays for the direct fallback a chunk whose input holds NaN or ±∞ takes, so they
 * reach exactly the outputs whose window holds them.
 */
export interface WinogradRowsPlan {
  m: number;
  r: number;
  n: number;
  tiles: number;
  chunkRows: number;
  chunkInputRows: number;
  /** Output channels per GEMM block (the last block may be narrower). */
  blockChannels: number;
}

export interface JsKernel extends KernelChoice {
  /** conv2d: the shape of the padded copy of the input the kernel reads (`$pad`), when it reads one. */
  padded?: number[];
  winograd?: WinogradPlan;
  winogradRows?: WinogradRowsPlan;
}

/** The JavaScript target's pools: the float32 arena (one ArrayBuffer) and a float64 scratch (a plain array of doubles). */
export const arena = 'arena';
export const doubles = 'doubles';
