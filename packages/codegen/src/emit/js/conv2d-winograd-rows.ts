/**
 * conv2d as 1-D Winograd F(m, r) along the width (see `WinogradRowsPlan`): for each chunk of output
 * rows, (1) transform every input row's tiles into V = Bᵀ d, (2) run n GEMMs summing over input
 * channels and kernel rows, 4 output channels × 4 tiles in locals, (3) transform each M tile back to
 * m outputs, Aᵀ M, and store them through the epilogue.
 *
 * The transforms' entries grow with the tile (F(4, 5) has 8s and ⅛s, F(6, 5) 81s), and float32
 * storage would amplify their rounding; V, M and the transformed filters U are float64, so results
 * stay as close to PyTorch as direct convolution. A chunk whose input holds NaN or ±∞ is computed
 * directly instead: the transforms would spread them across a tile, PyTorch keeps them to the
 * outputs whose window holds them.
 */
import { elementCount } from '@stride/dsl';
import type { StepOf } from '../../plan/program.js';
import { winogradMatrices } from '../../plan/winograd.js';
import type { SourceWriter } from '../writer.js';
import { epilogueOf, loadBias, number, storeWithEpilogue } from './epilogue.js';
import { plus, times, type Index } from './expression.js';
import { arena, doubles, type JsKernel } from './kernel.js';
import type { DerivedWeight } from './registry.js';

type ConvStep = StepOf<'conv2d'>;

/** Doubles of scratch (a chunk's V and M): 512 KB, within a typical L2 cache. */
const scratchBudget = 65536;

/**
 * F(m, r) along the width with m from the cost model. Every tile reads n = m + r − 1 columns: the
 * last may run past the padded input, so the padded copy is widened (its extra outputs are computed
 * and dropped). Output rows go in the largest chunks whose float64 scratch fits the budget, evened
 * out over the chunks that takes.
 */
export function planWinogradRows(step: ConvStep, m: number, blockChannels: number): JsKernel {
  const { kernelSize: [kh, kw], stride: [sh], dilation: [dh], padding: pad } = step.attrs;
  const [n, c, h, w] = step.reads.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const tile = m + kw - 1;
  const tiles = Math.ceil(outWidth / m);
  const paddedHeight = h + pad.top + pad.bottom;
  const paddedWidth = Math.max(w + pad.left + pad.right, tiles * m + kw - 1);
  const padded = pad.top + pad.bottom + pad.left + pad.right > 0 || paddedWidth > w ? [n, c, paddedHeight, paddedWidth] : undefined;
  const inputRowsFor = (rows: number) => (rows - 1) * sh + (kh - 1) * dh + 1;
  const scratchFor = (rows: number) => tile * (c * inputRowsFor(rows) + outChannels * rows) * tiles;
  let chunkRows = outHeight;
  while (chunkRows > 1 && scratchFor(chunkRows) > scratchBudget) chunkRows--;
  chunkRows = Math.ceil(outHeight / Math.ceil(outHeight / chunkRows));
  return {
    kernel: 'conv2d/winograd-rows', ...(padded ? { padded } : {}),
    winogradRows: { m, r: kw, n: tile, tiles, chunkRows, chunkInputRows: inputRowsFor(chunkRows), blockChannels },
    temporaries: {
      ...(padded ? { padded: { bytes: 4 * elementCount(padded), pool: arena } } : {}),
      scratch: { bytes: 8 * scratchFor(chunkRows), pool: doubles },
    },
  };
}

/**
 * The filters U = G g (float64, `$u`), derived at load from the stored `weight` by the
 * `winogradRowFilters` helper with the block layout and G baked in as arguments.
 */
export function winogradRowsFilters(step: ConvStep, choice: JsKernel): DerivedWeight {
  const plan = choice.winogradRows!;
  const { outChannels, inChannels, kernelSize: [kh, kw] } = step.attrs;
  const { G } = winogradMatrices(plan.m, plan.r);
  return {
    slot: 'filters', from: 'weight', length: plan.n * outChannels * inChannels * kh, dtype: 'f64',
    expand: { helper: 'winogradRowFilters', args: [outChannels, inChannels, kh, kw, plan.n, plan.blockChannels, ...G.flat()] },
  };
}

/** Σ coefficient · value as a JS expression: zeros skipped, ±1 as plain adds and subtractions. */
function combination(coefficients: number[], values: string[]): string {
  let text = '';
  coefficients.forEach((c, i) => {
    if (c === 0) return;
    const magnitude = Math.abs(c);
    const term = magnitude === 1 ? values[i] : `${number(magnitude)} * ${values[i]}`;
    text += text === '' ? (c < 0 ? `-${term}` : term) : c < 0 ? ` - ${term}` : ` + ${term}`;
  });
  return text === '' ? '0' : text;
}

/** A loop variable or a literal position, as a part for `plus`. */
const term = (expression: string) => (/^\d+$/.test(expression) ? Number(expression) : expression);

export function emitConv2dWinogradRows(step: ConvStep, choice: JsKernel, w: SourceWriter): void {
  const plan = choice.winogradRows!;
  const [batch, C, hp, wp] = choice.padded ?? step.reads.input.shape;
  const [, K, outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh], dilation: [dh] } = step.attrs;
  const { m, n, tiles: T, chunkRows: R, chunkInputRows: IR, blockChannels: J } = plan;
  const { AT, BT, exact } = winogradMatrices(m, plan.r);
  const V = '$tmp';
  const vStride = C * IR * T;
  const M = plus(V, n * vStride);
  const mStride = K * R * T;
  const U = '$u';
  const e = epilogueOf(step);
  const chunked = R < outHeight;

  w.loop('n', batch, (image) => {
    w.line(`const src = ${plus(choice.padded ? '$pad' : '$in', times(image, C * hp * wp))}, dst = ${plus('$out', times(image, K * outHeight * outWidth))};`);
    const chunk = () => {
      w.comment(`input rows → V[ξ][c][row][t] = Bᵀ d, F(${m}, ${plan.r}): ${T} tile${T === 1 ? '' : 's'} of ${n} columns per row`);
      w.line('let sum = 0;');
      w.loop('c', C, (c) => {
        w.block(`for (let i = 0; i < ${chunked ? 'inputRows' : IR}; i++)`, () => {
          w.line(`const row = ${plus('src', times(c, hp * wp), times(chunked ? plus(times('y0', sh), 'i') : 'i', wp))}, v = ${plus(V, times(plus(times(c, IR), 'i'), T))};`);
          w.loop('t', T, (t) => {
            w.line(`const p = ${plus('row', times(t, m))};`);
            w.line(Array.from({ length: n }, (_, j) => `const d${j} = a[${plus('p', j)}];`).join(' '));
            const dValues = Array.from({ length: n }, (_, j) => `d${j}`);
            for (let x = 0; x < n; x++) {
              if (exact.BT[x].some((entry) => entry.includes('/'))) w.comment(`Bᵀ row ${x}, exactly: ${exact.BT[x].join(', ')}`);
              w.line(`const v${x} = ${combination(BT[x], dValues)};`);
            }
            w.line(Array.from({ length: n }, (_, x) => `d[${plus('v', t, x * vStride)}] = v${x};`).join(' '));
            // Any NaN or ±∞ among the inputs makes some v non-finite, and so the sum.
            w.line(`sum += ${Array.from({ length: n }, (_, x) => `v${x}`).join(' + ')};`);
          });
        });
      });
      w.branch('sum - sum !== 0', () => {
        w.comment('NaN or ±∞ in these input rows: direct convolution keeps them to the outputs whose window holds them');
        w.block(`for (let k = 0; k < ${K}; k++)`, () => {
          w.loop('y', chunked ? 'rows' : R, (y) => {
            const row = chunked ? plus('y0', y) : y;
            w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
              w.line('let s = 0;');
              w.loop('c', C, (c) => {
                w.line(`const q = ${plus('$w', times(plus(times('k', C), c), kh * kw))}, p = ${plus('src', times(c, hp * wp), times(row, sh * wp), 'x')};`);
                w.line(`for (let ky = 0; ky < ${kh}; ky++) for (let kx = 0; kx < ${kw}; kx++) s += w[${plus('q', times('ky', kw), 'kx')}] * a[${plus('p', times('ky', dh * wp), 'kx')}];`);
              });
              w.line(storeWithEpilogue(e, 's', 'k', plus('dst', times('k', outHeight * outWidth), times(row, outWidth), 'x')));
            });
          });
        });
      }, () => {
        w.comment(`${n} GEMMs: M[ξ] (${K} × rows·${T}) = U[ξ] (${K} × ${C}·${kh}) · V[ξ] (${C}·${kh} × rows·${T})`);
        w.block(`for (let x = 0; x < ${n}; x++)`, () => {
          w.line(`const vx = ${plus(V, times('x', vStride))}, mx = ${plus(M, times('x', mStride))}, ux = ${plus(U, times('x', K * C * kh))};`);
          // A block of `channels` output channels from channel `k` (an expression) × `width` adjacent
          // columns: `vColumn` is where the first starts in a V[ξ][c] plane (before the kernel-row
          // offset), `mColumn` in an M[ξ][k] plane.
          const gemm = (k: string, channels: number, vColumn: string | number, mColumn: string | number, width: number) => {
            for (let j = 0; j < channels; j++) w.line(`let ${Array.from({ length: width }, (_, p) => `s${j}${p} = 0`).join(', ')};`);
            w.loop('c', C, (c) => {
              w.loop('ky', kh, (ky) => {
                const kPart = k === '0' ? 0 : times(k, C * kh);
                w.line(`const q = ${plus('ux', kPart, times(plus(times(c, kh), ky), channels))}, p = ${plus('vx', times(c, IR * T), times(ky, dh * T), vColumn)};`);
                w.line([...Array.from({ length: width }, (_, p) => `const v${p} = d[${plus('p', p)}];`), ...Array.from({ length: channels }, (_, j) => `const u${j} = u[${plus('q', j)}];`)].join(' '));
                for (let j = 0; j < channels; j++) w.line(Array.from({ length: width }, (_, p) => `s${j}${p} += u${j} * v${p};`).join(' '));
              });
            });
            for (let j = 0; j < channels; j++) {
              const channel = k === '0' ? j * R * T : k === 'k' ? times(plus('k', j), R * T) : (Number(k) + j) * R * T;
              w.line(Array.from({ length: width }, (_, p) => `d[${plus('mx', channel, mColumn, p)}] = s${j}${p};`).join(' '));
            }
          };
          const overColumns = (k: string, channels: number) => {
            if (sh === 1 && !chunked) {
              // Stride 1: the chunk's rows × tiles are one run of columns, V's row stride being T, so
              // blocks of 4 adjacent columns may span rows.
              const columns = R * T;
              const full = Math.floor(columns / 4) * 4;
              if (full > 4) w.block(`for (let j = 0; j < ${full}; j += 4)`, () => gemm(k, channels, 'j', 'j', 4));
              else if (full === 4) w.block('', () => gemm(k, channels, 0, 0, 4));
              if (columns > full) w.block('', () => gemm(k, channels, full, full, columns - full));
            } else if (sh === 1) {
              w.block('', () => {
                w.line(`const columns = rows * ${T};`);
                w.line('let j = 0;');
                w.block('for (; j + 4 <= columns; j += 4)', () => gemm(k, channels, 'j', 'j', 4));
                w.block('for (; j < columns; j++)', () => gemm(k, channels, 'j', 'j', 1));
              });
            } else {
              w.loop('y', chunked ? 'rows' : R, (y) => {
                const full = Math.floor(T / 4) * 4;
                const at = (t: string | number) => ({ v: plus(times(y, sh * T), t), m: plus(times(y, T), t) });
                if (full > 4) w.block(`for (let t = 0; t < ${full}; t += 4)`, () => gemm(k, channels, at('t').v, at('t').m, 4));
                else if (full === 4) w.block('', () => gemm(k, channels, at(0).v, at(0).m, 4));
                if (T > full) w.block('', () => gemm(k, channels, at(full).v, at(full).m, T - full));
              });
            }
          };
          const fullChannels = Math.floor(K / J) * J;
          if (fullChannels > J) w.block(`for (let k = 0; k < ${fullChannels}; k += ${J})`, () => overColumns('k', J));
          else if (fullChannels === J) overColumns('0', J);
          if (K > fullChannels) overColumns(String(fullChannels), K - fullChannels);
        });

        const lastTile = outWidth - (T - 1) * m; // outputs of the last tile that exist
        w.comment(`M tiles → ${m} outputs each, Aᵀ M${lastTile < m ? ` (the last tile keeps ${lastTile})` : ''}, then the epilogue`);
        exact.AT.forEach((row, i) => {
          if (row.some((entry) => entry.includes('/'))) w.comment(`Aᵀ row ${i}, exactly: ${row.join(', ')}`);
        });
        w.block(`for (let k = 0; k < ${K}; k++)`, () => {
          const bias = loadBias(e, 'k');
          if (bias) w.line(bias);
          w.loop('y', chunked ? 'rows' : R, (y) => {
            w.line(`const mr = ${plus(M, times('k', R * T), times(y, T))}, o = ${plus('dst', times('k', outHeight * outWidth), times(chunked ? plus('y0', y) : y, outWidth))};`);
            const tile = (t: string, count: number) => {
              w.line(Array.from({ length: n }, (_, x) => `const m${x} = d[${plus('mr', term(t), x * mStride)}];`).join(' '));
              const mValues = Array.from({ length: n }, (_, x) => `m${x}`);
              for (let i = 0; i < count; i++) {
                w.line(`const s${i} = ${combination(AT[i], mValues)};`);
                w.line(storeWithEpilogue(e, `s${i}`, 'k', /^\d+$/.test(t) ? plus('o', Number(t) * m + i) : plus('o', times(t, m), i), 'bias'));
              }
            };
            const full = lastTile === m ? T : T - 1;
            if (full > 1) w.block(`for (let t = 0; t < ${full}; t++)`, () => tile('t', m));
            else if (full === 1) w.block('', () => tile('0', m));
            if (lastTile < m) w.block('', () => tile(String(T - 1), lastTile));
          });
        });
      });
    };
    if (chunked) {
      w.block(`for (let y0 = 0; y0 < ${outHeight}; y0 += ${R})`, () => {
        w.line(`const rows = Math.min(${R}, ${outHeight} - y0), inputRows = (rows - 1) * ${sh} + ${(kh - 1) * dh + 1};`);
        chunk();
      });
    } else {
      w.block('', () => chunk());
    }
  });
}
