/**
 * Functions a JavaScript kernels module may include, as source text the compiler owns: a module is
 * the same bytes whichever transpiler runs the compiler (the `toString()` of a host function is not —
 * tsx minifies it, vitest does not). Each is self-contained (no imports, no closures) and included
 * only by modules that call it. `test/helpers.test.ts` runs them against their definitions: `erf`
 * against the reference interpreter's, bit for bit; the Winograd expansions through the compiled
 * convolutions they serve.
 */

export type Helper = 'doubles' | 'erf' | 'winogradFilters' | 'winogradRowFilters';

export const helpers: Record<Helper, string> = {
  /**
   * A packed array of doubles from the first `length` values of `source` (zeros when null). Starting
   * from [0.5] and popping makes the array hold doubles from the start: no elements-kind change when
   * kernels store into it.
   */
  doubles: `// A packed array of doubles: the first length values of source, or zeros.
function doubles(source, length) {
  const out = [0.5];
  out.pop();
  for (let i = 0; i < length; i++) out.push(source === null ? 0 : source[i]);
  return out;
}`,

  /** The reference interpreter's erf (packages/runtime/src/interpreter/kernels/erf.ts), for exact GELU. */
  erf: `// erf(x) as the reference interpreter computes it: the Maclaurin series below 2.5, a continued fraction for erfc above.
function erf(x) {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  if (z < 2.5) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const contribution = term / (2 * n + 1);
      sum += contribution;
      if (Math.abs(contribution) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (z > 6) return Math.sign(x);
  let fraction = z;
  for (let k = 60; k >= 1; k--) fraction = z + (k / 2) / fraction;
  const erfc = Math.exp(-z * z) / Math.sqrt(Math.PI) / fraction;
  return Math.sign(x) * (1 - erfc);
}`,

  /**
   * U = G g Gᵀ for the K × C filters g at s[from…] (PyTorch's [K][C][3][3]) into w[to…], laid out
   * [ξ][output channel block of 4][c][4], with G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]].
   */
  winogradFilters: `// U = G g Gᵀ (Winograd F(2×2, 3×3)) for the K × C filters at s[from…] into w[to…], laid out [ξ][block of 4 channels][c][4].
// G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]. Four filters × 64 channels at a time go to t
// (filter-major), then each ξ's run is copied: the 16 planes lie a power of two apart for most layers, and
// writing all of them per filter thrashed the cache (ResNet-18's load 3× slower).
function winogradFilters(s, from, w, to, K, C) {
  const plane = K * C, t = new Float32Array(4 * 64 * 16);
  for (let k0 = 0; k0 < K; k0 += 4) {
    const kn = Math.min(4, K - k0);
    for (let c0 = 0; c0 < C; c0 += 64) {
      const cn = Math.min(64, C - c0);
      for (let c = 0; c < cn; c++) {
        for (let kk = 0; kk < kn; kk++) {
          const g = from + ((k0 + kk) * C + c0 + c) * 9;
          const at = (c * 4 + kk) * 16;
          const g0 = s[g], g1 = s[g + 1], g2 = s[g + 2], g3 = s[g + 3], g4 = s[g + 4], g5 = s[g + 5], g6 = s[g + 6], g7 = s[g + 7], g8 = s[g + 8];
          for (let i = 0; i < 4; i++) {
            // Row i of G g (4 × 3), then that row times Gᵀ gives U's row i.
            const half = i === 1 ? 0.5 : -0.5;
            const r0 = i === 0 ? g0 : i === 3 ? g6 : 0.5 * (g0 + g6) + half * g3;
            const r1 = i === 0 ? g1 : i === 3 ? g7 : 0.5 * (g1 + g7) + half * g4;
            const r2 = i === 0 ? g2 : i === 3 ? g8 : 0.5 * (g2 + g8) + half * g5;
            const u = at + 4 * i;
            t[u] = r0;
            t[u + 1] = 0.5 * (r0 + r1 + r2);
            t[u + 2] = 0.5 * (r0 - r1 + r2);
            t[u + 3] = r2;
          }
        }
      }
      for (let x = 0, base = to + k0 * C + c0 * 4; x < 16; x++, base += plane) {
        // A last block of fewer than 4 filters writes only theirs: past them is the next plane.
        if (kn === 4) for (let e = 0; e < cn * 4; e++) w[base + e] = t[e * 16 + x];
        else for (let c = 0; c < cn; c++) for (let kk = 0; kk < kn; kk++) w[base + c * 4 + kk] = t[(c * 4 + kk) * 16 + x];
      }
    }
  }
}`,

  /**
   * U = G g for every kernel row of the K × C filters g at s[from…] (PyTorch's [K][C][kh][kw]) into
   * u[to…] (float64), laid out [ξ][channel block][c][ky][j] for the GEMMs; G is n × kw, row-major.
   */
  winogradRowFilters: `// U = G g per kernel row (1-D Winograd F(m, r)) for the K × C filters at s[from…] into the doubles u[to…],
// laid out [ξ][block of J channels][c][ky][j]; G (n × kw, row-major) follows as the last arguments.
function winogradRowFilters(s, from, u, to, K, C, kh, kw, n, J, ...G) {
  for (let k = 0; k < K; k++) {
    const start = k - (k % J);
    const width = Math.min(J, K - start);
    for (let c = 0; c < C; c++) {
      for (let ky = 0; ky < kh; ky++) {
        const g = from + ((k * C + c) * kh + ky) * kw;
        for (let x = 0; x < n; x++) {
          let sum = 0;
          for (let kx = 0; kx < kw; kx++) sum += G[x * kw + kx] * s[g + kx];
          u[to + x * K * C * kh + start * C * kh + (c * kh + ky) * width + (k - start)] = sum;
        }
      }
    }
  }
}`,
};
