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
import type { Step } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import type { PackedWeight } from './registry.js';
import { storeWithEpilogue } from './epilogue.js';
import { plus, times } from './expression.js';

type ConvStep = Extract<Step, { kind: 'conv2d' }>;

/**
 * The filters stay in PyTorch's layout in the bundle (9 floats per channel pair); the module expands
 * them at load into U = G g Gᵀ (16 per pair), laid out [ξ][output channel block of 4][c][4] for the GEMM.
 */
export function packWinograd(step: ConvStep, raw: Float32Array): PackedWeight {
  const { outChannels, inChannels } = step.attrs;
  return { stored: raw, runtimeLength: 16 * outChannels * inChannels, expand: { fn: winogradFilters.name, args: [outChannels, inChannels] } };
}

/**
 * Writes U = G g Gᵀ for the K × C filters g at s[from…] (PyTorch's [K][C][3][3]) into w[to…], with
 * G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]]. Emitted into bundles by its source text: it must
 * stay self-contained (no imports, no closures).
 */
export function winogradFilters(s: Float32Array, from: number, w: Float32Array, to: number, K: number, C: number): void {
  const plane = K * C;
  for (let k = 0; k < K; k++) {
    const block = to + (k - (k % 4)) * C + (k % 4);
    for (let c = 0; c < C; c++) {
      const g = from + (k * C + c) * 9;
      const q = block + c * 4;
      const g0 = s[g], g1 = s[g + 1], g2 = s[g + 2], g3 = s[g + 3], g4 = s[g + 4], g5 = s[g + 5], g6 = s[g + 6], g7 = s[g + 7], g8 = s[g + 8];
      for (let i = 0; i < 4; i++) {
        // Row i of G g (4 × 3), then that row times Gᵀ gives U's row i.
        const half = i === 1 ? 0.5 : -0.5;
        const r0 = i === 0 ? g0 : i === 3 ? g6 : 0.5 * (g0 + g6) + half * g3;
        const r1 = i === 0 ? g1 : i === 3 ? g7 : 0.5 * (g1 + g7) + half * g4;
        const r2 = i === 0 ? g2 : i === 3 ? g8 : 0.5 * (g2 + g8) + half * g5;
        const u = q + 4 * i * plane;
        w[u] = r0;
        w[u + plane] = 0.5 * (r0 + r1 + r2);
        w[u + 2 * plane] = 0.5 * (r0 - r1 + r2);
        w[u + 3 * plane] = r2;
      }
    }
  }
}


export function emitConv2dWinograd(step: ConvStep, w: SourceWriter): void {
  const plan = step.winograd!;
  const padded = step.padded!;
  const [batch, C, hp, wp] = padded.shape;
  const [, K, outHeight, outWidth] = step.output.shape;
  const { tileCols, rows } = plan;
  const tiles = rows * tileCols;
  const V = '$tmp';
  const M = plus(V, 16 * C * tiles);

  w.loop('n', batch, () => {
    w.line(`const src = ${plus('$pad', times('n', C * hp * wp))}, dst = ${plus('$out', times('n', K * outHeight * outWidth))};`);
    w.block(`for (let ty = 0; ty < ${plan.tileRows}; ty += ${rows})`, () => {
      w.comment(`input tiles → V[ξ][c][t] = Bᵀ d B (${tiles} tiles per chunk)`);
      w.block(`for (let c = 0; c < ${C}; c++)`, () => {
        w.loop('r', rows, () => {
          w.line(`const row = src + c * ${hp * wp} + (ty + r) * ${2 * wp};`);
          w.line(`const v = ${V} + c * ${tiles} + r * ${tileCols};`);
          w.block(`for (let tx = 0; tx < ${tileCols}; tx++)`, () => {
            w.line('const p = row + 2 * tx;');
            for (let i = 0; i < 4; i++) w.line(`const d${i}0 = a[p + ${i * wp}], d${i}1 = a[p + ${i * wp + 1}], d${i}2 = a[p + ${i * wp + 2}], d${i}3 = a[p + ${i * wp + 3}];`);
            // Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]], applied to rows then columns.
            for (let j = 0; j < 4; j++) w.line(`const e0${j} = d0${j} - d2${j}, e1${j} = d1${j} + d2${j}, e2${j} = d2${j} - d1${j}, e3${j} = d1${j} - d3${j};`);
            const stride = C * tiles;
            for (let i = 0; i < 4; i++) {
              const values = [`e${i}0 - e${i}2`, `e${i}1 + e${i}2`, `e${i}2 - e${i}1`, `e${i}1 - e${i}3`];
              w.line(values.map((value, j) => `a[v + tx + ${(4 * i + j) * stride}] = ${value};`).join(' '));
            }
          });
        });
      });

      w.comment(`16 GEMMs: M[ξ] (${K} × ${tiles}) = U[ξ] (${K} × ${C}) · V[ξ] (${C} × ${tiles})`);
      w.block('for (let x = 0; x < 16; x++)', () => {
        w.line(`const vx = ${V} + x * ${C * tiles}, mx = ${M} + x * ${K * tiles}, ux = $w + x * ${K * C};`);
        w.block(`for (let k = 0; k < ${K}; k += 4)`, () => {
          const gemmBlock = (count: number, t: string) => {
            for (let j = 0; j < 4; j++) w.line(`let ${Array.from({ length: count }, (_, p) => `s${j}${p} = 0`).join(', ')};`);
            w.line(`let q = ux + k * ${C}, p = vx + ${t};`);
            w.block(`for (let c = 0; c < ${C}; c++, q += 4, p += ${tiles})`, () => {
              w.line(Array.from({ length: count }, (_, p) => `const v${p} = a[p${p ? ` + ${p}` : ''}];`).join(' '));
              w.line('const w0 = w[q], w1 = w[q + 1], w2 = w[q + 2], w3 = w[q + 3];');
              for (let j = 0; j < 4; j++) w.line(Array.from({ length: count }, (_, p) => `s${j}${p} += w${j} * v${p};`).join(' '));
            });
            for (let j = 0; j < 4; j++) {
              w.line(Array.from({ length: count }, (_, p) => `a[mx + (k + ${j}) * ${tiles} + ${t}${p ? ` + ${p}` : ''}] = s${j}${p};`).join(' '));
            }
          };
          const full = Math.floor(tiles / 4) * 4;
          if (full > 0) w.block(`for (let t = 0; t < ${full}; t += 4)`, () => gemmBlock(4, 't'));
          if (full < tiles) w.block('', () => gemmBlock(tiles - full, String(full)));
        });
      });

      w.comment(`output tiles: Y = Aᵀ M A, Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]], then the epilogue`);
      w.block(`for (let k = 0; k < ${K}; k++)`, () => {
        w.loop('r', rows, () => {
          w.line(`const m = ${M} + k * ${tiles} + r * ${tileCols};`);
          w.line(`const o = dst + k * ${outHeight * outWidth} + (ty + r) * ${2 * outWidth};`);
          w.block(`for (let tx = 0; tx < ${tileCols}; tx++)`, () => {
            const stride = K * tiles;
            for (let i = 0; i < 4; i++) w.line(`const m${i}0 = a[m + tx + ${4 * i * stride}], m${i}1 = a[m + tx + ${(4 * i + 1) * stride}], m${i}2 = a[m + tx + ${(4 * i + 2) * stride}], m${i}3 = a[m + tx + ${(4 * i + 3) * stride}];`);
            for (let j = 0; j < 4; j++) w.line(`const f0${j} = m0${j} + m1${j} + m2${j}, f1${j} = m1${j} - m2${j} - m3${j};`);
            w.line('const y00 = f00 + f01 + f02, y01 = f01 - f02 - f03, y10 = f10 + f11 + f12, y11 = f11 - f12 - f13;');
            w.line('const i = o + 2 * tx;');
            const store = (y: string, index: string) => storeWithEpilogue(step.epilogue, y, 'k', index);
            const oddRows = outHeight % 2 === 1;
            const oddCols = outWidth % 2 === 1;
            w.line(store('y00', 'i'));
            w.line(oddCols ? `if (2 * tx + 1 < ${outWidth}) ${store('y01', 'i + 1')}` : store('y01', 'i + 1'));
            const lower = () => {
              w.line(store('y10', `i + ${outWidth}`));
              w.line(oddCols ? `if (2 * tx + 1 < ${outWidth}) ${store('y11', `i + ${outWidth + 1}`)}` : store('y11', `i + ${outWidth + 1}`));
            };
            if (oddRows) w.block(`if (2 * (ty + r) + 1 < ${outHeight})`, lower);
            else lower();
          });
        });
      });
    });
  });
}
