/**
 * JavaScript a wasm kernels module includes to lay out weights at load, as source text the compiler
 * owns (as the JS target's helpers.ts). Bundles ship what they cannot compute: Winograd F(m×m, 3×3)
 * filters ship as PyTorch's 3×3 (9 floats per channel pair) and are expanded here into the
 * (m + 2)² transformed blocks the GEMMs read (36 for F(4×4): four times the bytes).
 *
 * The expansion is the bulk of a cold start when a network has many Winograd layers (ResNet-18 at
 * batch 8 expands 44 M floats), so it is written for speed: one function per tile size, specialized
 * to its G with zero terms dropped and ±1 as plain adds, in two stages (u = g Gᵀ, then U = G u: 162
 * multiply-adds per F(4×4) filter instead of 324), writing each of the n² blocks sequentially
 * (3× faster than scattering each filter's n² values: the blocks lie a power of two apart).
 *
 * `winogradFiltersSource(m)` writes exactly what `packWinogradWeights` (kernels/winograd.ts) computes
 * at build time through `filterTransform` and `combine` — the same sums in the same order in
 * doubles, rounded once to float32 — which test/wasm-target.test.ts checks bit for bit.
 */
import { winogradLabel, winogradScheme, type WinogradScheme } from '../../plan/winograd.js';

export type WasmHelper = 'winogradFilters';

/** Σ coefficient · source[index] over the nonzero coefficients, in index order (`exact`: the coefficient as p/q). */
export type Combination = ReadonlyArray<{ coefficient: number; index: number; exact: string }>;

/** G g Gᵀ in two stages: u (r × n, index k·n + b) from the r² taps of g, then U (n × n, index a·n + b) from u. */
export interface FilterTransform {
  n: number;
  u: Combination[];
  U: Combination[];
}

/** The two stages of a scheme's filter transform (F(m×m, r×r), stride 1 or 2). */
export function filterTransform(scheme: WinogradScheme): FilterTransform {
  const { n, r, G, exact } = scheme;
  const taps = Array.from({ length: r }, (_, k) => k);
  const terms = (pairs: Array<[number, string, number]>): Combination =>
    pairs.filter(([coefficient]) => coefficient !== 0).map(([coefficient, text, index]) => ({ coefficient, exact: text, index }));
  const u: Combination[] = [];
  for (let k = 0; k < r; k++) for (let b = 0; b < n; b++) u.push(terms(taps.map((l) => [G[b][l], exact.G[b][l], k * r + l])));
  const U: Combination[] = [];
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) U.push(terms(taps.map((k) => [G[a][k], exact.G[a][k], k * n + b])));
  return { n, u, U };
}

/** A combination's value in doubles, summed left to right from its first term (as the generated code's expression). */
export function combine(terms: Combination, source: ArrayLike<number>): number {
  if (terms.length === 0) return 0;
  let sum = terms[0].coefficient * source[terms[0].index];
  for (let i = 1; i < terms.length; i++) sum += terms[i].coefficient * source[terms[i].index];
  return sum;
}

/** JavaScript for a combination: `1/6` as its double, ±1 as a plain sign, negative terms subtracted. */
function expression(terms: Combination, name: string): string {
  if (terms.length === 0) return '0';
  return terms
    .map(({ coefficient, index }, i) => {
      const magnitude = Math.abs(coefficient);
      const product = magnitude === 1 ? `${name}${index}` : `${magnitude} * ${name}${index}`;
      if (i === 0) return coefficient < 0 ? `-${product}` : product;
      return coefficient < 0 ? ` - ${product}` : ` + ${product}`;
    })
    .join('');
}

/**
 * Which helper an expansion calls, as the number its arguments carry: m for F(m×m, 3×3) at stride 1,
 * else 100m + 10r + stride (432: F(4×4, 3×3/2)).
 */
export function winogradHelperId(scheme: Pick<WinogradScheme, 'm' | 'r' | 'stride'>): number {
  return scheme.r === 3 && scheme.stride === 1 ? scheme.m : 100 * scheme.m + 10 * scheme.r + scheme.stride;
}

/** The scheme of a helper id (`winogradHelperId`). */
export function winogradHelperScheme(id: number): WinogradScheme {
  return id < 100 ? winogradScheme(id, 3, 1) : winogradScheme(Math.floor(id / 100), Math.floor(id / 10) % 10, (id % 10) as 1 | 2);
}

/** The helper's name: `winogradFilters4` for F(4×4, 3×3), `winogradFilters432` for F(4×4, 3×3/2). */
export function winogradFiltersName(scheme: Pick<WinogradScheme, 'm' | 'r' | 'stride'>): string {
  return `winogradFilters${winogradHelperId(scheme)}`;
}

/**
 * Source of `winogradFilters<id>(s, from, m, to, O, C, Q)`: U = G g Gᵀ for the O × C filters g at
 * s[from…] (PyTorch's [O][C][r][r]) into m[to…] (floats), n² blocks of lanes(O)·C floats, each in the
 * 1×1 GEMM's packed order — blocks of Q output lanes, then input channels, then the block's lanes
 * (zeros past O).
 */
export function winogradFiltersSource(scheme: WinogradScheme): string {
  const { n, u, U } = filterTransform(scheme);
  const { r, exact } = scheme;
  const taps = r * r;
  const chunk = 16;
  const lines = [
    `// ${winogradLabel(scheme)} filters: U = G g Gᵀ for the O × C filters g at s[from…] (PyTorch's [O][C][${r}][${r}]) into m[to…]`,
    `// (floats): ${n * n} blocks of lanes(O)·C floats in the 1×1 GEMM's packed order (blocks of Q output lanes, then`,
    `// input channels, then the block's lanes; zeros past O). G = [${exact.G.map((row) => `[${row.join(', ')}]`).join(', ')}];`,
    `// u = g Gᵀ, then U = G u, zero terms dropped: the build-time packing's sums exactly (emit/wasm/helpers.ts).`,
    `// Filters are transformed ${chunk} channels at a time into t (filter-major), then copied block by block: the n²`,
    `// blocks lie a power of two apart for most layers, and writing all of them per filter thrashed the cache (3× slower).`,
    `function ${winogradFiltersName(scheme)}(s, from, m, to, O, C, Q) {`,
    `  const lanes = Math.ceil(O / 4) * 4, block = lanes * C, t = new Float32Array(${chunk} * Q * ${n * n});`,
    `  if (lanes > O) m.fill(0, to, to + ${n * n} * block);`,
    `  for (let o0 = 0; o0 < O; o0 += Q) {`,
    `    const width = Math.min(Q, lanes - o0), real = Math.min(Q, O - o0);`,
    `    for (let c0 = 0; c0 < C; c0 += ${chunk}) {`,
    `      const c1 = Math.min(C, c0 + ${chunk}), count = (c1 - c0) * width;`,
    `      for (let c = c0; c < c1; c++) {`,
    `        for (let j = 0, at = (c - c0) * width * ${n * n}; j < real; j++, at += ${n * n}) {`,
    `          const f = from + ((o0 + j) * C + c) * ${taps};`,
    `          const ${Array.from({ length: taps }, (_, i) => `g${i} = s[f${i ? ` + ${i}` : ''}]`).join(', ')};`,
    ...u.map((terms, i) => `          const u${i} = ${expression(terms, 'g')};`),
    ...U.map((terms, i) => `          t[at${i ? ` + ${i}` : ''}] = ${expression(terms, 'u')};`),
    `        }`,
    `        if (real < width) for (let j = real; j < width; j++) t.fill(0, ((c - c0) * width + j) * ${n * n}, ((c - c0) * width + j + 1) * ${n * n});`,
    `      }`,
    `      for (let p = 0, at = to + o0 * C + c0 * width; p < ${n * n}; p++, at += block) {`,
    `        for (let i = 0; i < count; i++) m[at + i] = t[i * ${n * n} + p];`,
    `      }`,
    `    }`,
    `  }`,
    `}`,
  ];
  return lines.join('\n');
}
