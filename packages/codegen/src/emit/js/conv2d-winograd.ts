/**
 * conv2d as Winograd F(2×2, 3×3) (Lavin & Gray, 2016): each 2×2 output tile is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A
 * for the 4×4 input tile d, so a tile costs 16 multiplies per channel pair instead of 36. Summed over
 * input channels the element-wise products become 16 independent GEMMs, one per tile position ξ:
 *
 *   M[ξ][k][t] = Σ_c U[ξ][k][c] · V[ξ][c][t],   U = G g Gᵀ (filters, transformed at load),
 *                                               V = Bᵀ d B (input tiles, transformed per chunk).
 *
 * Per image and chunk of tile rows: (1) transform the chunk's input tiles into V, (2) run the 16 GEMMs
 * with 4 output channels × 4 tiles in locals, (3) transform each M tile back to 2×2 outputs and store
 * them through the epilogue. A chunk's V for one ξ is kept near 32 KB so the GEMM reads it from cache.
 * The transforms only add and halve, so results stay within a few float32 ulps of direct convolution.
 */
import { elementCount } from '@stride/dsl';
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import type { PackedWeight } from './registry.js';
import { epilogueOf, storeWithEpilogue } from './epilogue.js';
import { plus, times } from './expression.js';
import { arena, type JsKernel } from './kernel.js';

type ConvStep = StepOf<'conv2d'>;

/**
 * Whole 4×4 input tiles: the padded copy is always made, one row and column longer when the output
 * size is odd (those extra outputs are computed and dropped). Tile rows go in chunks whose
 * transformed input stays near 32 KB per tile position.
 */
export function planWinograd(step: ConvStep): JsKernel {
  const [n, c] = step.reads.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const tileRows = Math.ceil(outHeight / 2);
  const tileCols = Math.ceil(outWidth / 2);
  const padded = [n, c, 2 * tileRows + 2, 2 * tileCols + 2];
  let rows = 1;
  for (let r = 1; r <= tileRows; r++) if (tileRows % r === 0 && r * tileCols * c <= 8192) rows = r;
  return {
    kernel: 'conv2d/winograd-2x2', padded, winograd: { tileRows, tileCols, rows },
    temporaries: { padded: { bytes: 4 * elementCount(padded), pool: arena }, scratch: { bytes: 4 * 16 * (c + outChannels) * rows * tileCols, pool: arena } },
  };
}

/**
 * The filters stay in PyTorch's layout in the bundle (9 floats per channel pair); the module expands
 * them at load into U = G g Gᵀ (16 per pair), laid out [ξ][output channel block of 4][c][4] for the
 * GEMM, by the `winogradFilters` helper (helpers.ts).
 */
export function packWinograd(step: ConvStep, raw: Float32Array): PackedWeight {
  const { outChannels, inChannels } = step.attrs;
  return { stored: raw, runtimeLength: 16 * outChannels * inChannels, expand: { helper: 'winogradFilters', args: [outChannels, inChannels] } };
}

export function emitConv2dWinograd(step: ConvStep, choice: JsKernel, w: SourceWriter): void {
  const plan = choice.winograd!;
  const [batch, C, hp, wp] = choice.padded!;
  const epilogue = epilogueOf(step);
  const [, K, outHeight, outWidth] = step.output.shape;
  const { tileCols, rows } = plan;
  const tiles = rows * tileCols;
  const V = '$tmp';
  const M = plus(V, 16 * C * tiles);

  w.loop('n', batch, (n) => {
    w.line(`const src = ${plus('$pad', times(n, C * hp * wp))}, dst = ${plus('$out', times(n, K * outHeight * outWidth))};`);
    w.block(`for (let ty = 0; ty < ${plan.tileRows}; ty += ${rows})`, () => {
      w.comment(`input tiles → V[ξ][c][t] = Bᵀ d B (${tiles} tiles per chunk)`);
      w.block(`for (let c = 0; c < ${C}; c++)`, () => {
        w.loop('r', rows, (r) => {
          w.line(`const row = ${plus('src', times('c', hp * wp), times(plus('ty', r), 2 * wp))};`);
          w.line(`const v = ${plus(V, times('c', tiles), times(r, tileCols))};`);
          w.block(`for (let tx = 0; tx < ${tileCols}; tx++)`, () => {
            w.line('const p = row + 2 * tx;');
            for (let i = 0; i < 4; i++) w.line(`const d${i}0 = a[${plus('p', i * wp)}], d${i}1 = a[p + ${i * wp + 1}], d${i}2 = a[p + ${i * wp + 2}], d${i}3 = a[p + ${i * wp + 3}];`);
            // Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]], applied to rows then columns.
            for (let j = 0; j < 4; j++) w.line(`const e0${j} = d0${j} - d2${j}, e1${j} = d1${j} + d2${j}, e2${j} = d2${j} - d1${j}, e3${j} = d1${j} - d3${j};`);
            const stride = C * tiles;
            for (let i = 0; i < 4; i++) {
              const values = [`e${i}0 - e${i}2`, `e${i}1 + e${i}2`, `e${i}2 - e${i}1`, `e${i}1 - e${i}3`];
              w.line(values.map((value, j) => `a[${plus('v', 'tx', (4 * i + j) * stride)}] = ${value};`).join(' '));
            }
          });
        });
      });

      w.comment(`16 GEMMs: M[ξ] (${K} × ${tiles}) = U[ξ] (${K} × ${C}) · V[ξ] (${C} × ${tiles})`);
      w.block('for (let x = 0; x < 16; x++)', () => {
        w.line(`const vx = ${plus(V, times('x', C * tiles))}, mx = ${plus(M, times('x', K * tiles))}, ux = ${plus('$w', times('x', K * C))};`);
        w.block(`for (let k = 0; k < ${K}; k += 4)`, () => {
          const gemmBlock = (count: number, t: string) => {
            for (let j = 0; j < 4; j++) w.line(`let ${Array.from({ length: count }, (_, p) => `s${j}${p} = 0`).join(', ')};`);
            w.line(`let q = ${plus('ux', times('k', C))}, p = ${plus('vx', t)};`);
            w.block(`for (let c = 0; c < ${C}; c++, q += 4, p += ${tiles})`, () => {
              w.line(Array.from({ length: count }, (_, p) => `const v${p} = a[p${p ? ` + ${p}` : ''}];`).join(' '));
              w.line('const w0 = w[q], w1 = w[q + 1], w2 = w[q + 2], w3 = w[q + 3];');
              for (let j = 0; j < 4; j++) w.line(Array.from({ length: count }, (_, p) => `s${j}${p} += w${j} * v${p};`).join(' '));
            });
            for (let j = 0; j < 4; j++) {
              w.line(Array.from({ length: count }, (_, p) => `a[${plus('mx', times(plus('k', j), tiles), t, p)}] = s${j}${p};`).join(' '));
            }
          };
          const full = Math.floor(tiles / 4) * 4;
          if (full > 0) w.block(`for (let t = 0; t < ${full}; t += 4)`, () => gemmBlock(4, 't'));
          if (full < tiles) w.block('', () => gemmBlock(tiles - full, String(full)));
        });
      });

      w.comment(`output tiles: Y = Aᵀ M A, Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]], then the epilogue`);
      w.block(`for (let k = 0; k < ${K}; k++)`, () => {
        w.loop('r', rows, (r) => {
          w.line(`const m = ${plus(M, times('k', tiles), times(r, tileCols))};`);
          w.line(`const o = ${plus('dst', times('k', outHeight * outWidth), times(plus('ty', r), 2 * outWidth))};`);
          w.block(`for (let tx = 0; tx < ${tileCols}; tx++)`, () => {
            const stride = K * tiles;
            for (let i = 0; i < 4; i++) w.line(Array.from({ length: 4 }, (_, j) => `m${i}${j} = a[${plus('m', 'tx', (4 * i + j) * stride)}]`).join(', ').replace(/^/, 'const ') + ';');
            for (let j = 0; j < 4; j++) w.line(`const f0${j} = m0${j} + m1${j} + m2${j}, f1${j} = m1${j} - m2${j} - m3${j};`);
            w.line('const y00 = f00 + f01 + f02, y01 = f01 - f02 - f03, y10 = f10 + f11 + f12, y11 = f11 - f12 - f13;');
            w.line('const i = o + 2 * tx;');
            const store = (y: string, index: string) => storeWithEpilogue(epilogue, y, 'k', index);
            const oddRows = outHeight % 2 === 1;
            const oddCols = outWidth % 2 === 1;
            w.line(store('y00', 'i'));
            w.line(oddCols ? `if (2 * tx + 1 < ${outWidth}) ${store('y01', 'i + 1')}` : store('y01', 'i + 1'));
            const lower = () => {
              w.line(store('y10', `i + ${outWidth}`));
              w.line(oddCols ? `if (2 * tx + 1 < ${outWidth}) ${store('y11', `i + ${outWidth + 1}`)}` : store('y11', `i + ${outWidth + 1}`));
            };
            if (oddRows) w.block(`if (2 * (${plus('ty', r)}) + 1 < ${outHeight})`, lower);
            else lower();
          });
        });
      });
    });
  });
}
