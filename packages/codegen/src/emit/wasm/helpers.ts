/**
 * JavaScript a wasm kernels module includes to lay out weights at load, as source text the compiler
 * owns (as the JS target's helpers.ts). Bundles ship what they cannot compute: Winograd F(m×m, 3×3)
 * filters ship as PyTorch's 3×3 (9 floats per channel pair) and are expanded here into the
 * (m + 2)² transformed blocks the GEMMs read (36 for F(4×4): four times the bytes).
 *
 * `winogradFilters` writes exactly what `packWinogradWeights` (kernels/winograd.ts) computes at build
 * time — the same sums in the same order, rounded once to float32 — which test/wasm-target.test.ts
 * checks bit for bit.
 */

export type WasmHelper = 'winogradFilters';

export const wasmHelpers: Record<WasmHelper, string> = {
  winogradFilters: `// U[ξ] = G g Gᵀ for the O × C filters g at s[from…] (PyTorch's [O][C][3][3]) into m[to…] (floats):
// n² blocks of lanes(O)·C floats, each the 1×1 GEMM's packed order — blocks of Q output lanes, then
// input channels, then the block's lanes (zeros past O). G (n × 3, row-major) follows as the last
// arguments. Each filter is read once and its n² values scattered to their blocks.
function winogradFilters(s, from, m, to, O, C, n, Q, ...G) {
  const lanes = Math.ceil(O / 4) * 4;
  const block = lanes * C;
  m.fill(0, to, to + n * n * block);
  for (let o = 0; o < O; o++) {
    const o0 = o - (o % Q);
    const width = Math.min(Q, lanes - o0);
    for (let c = 0; c < C; c++) {
      const f = from + (o * C + c) * 9;
      const g0 = s[f], g1 = s[f + 1], g2 = s[f + 2], g3 = s[f + 3], g4 = s[f + 4], g5 = s[f + 5], g6 = s[f + 6], g7 = s[f + 7], g8 = s[f + 8];
      const at = to + o0 * C + c * width + (o - o0);
      for (let a = 0; a < n; a++) {
        const a0 = G[a * 3], a1 = G[a * 3 + 1], a2 = G[a * 3 + 2];
        for (let b = 0; b < n; b++) {
          const b0 = G[b * 3], b1 = G[b * 3 + 1], b2 = G[b * 3 + 2];
          // Σ_k Σ_l G[a][k] · g[k][l] · G[b][l], in that order: the build-time packing's sum exactly.
          let sum = 0;
          sum += a0 * g0 * b0; sum += a0 * g1 * b1; sum += a0 * g2 * b2;
          sum += a1 * g3 * b0; sum += a1 * g4 * b1; sum += a1 * g5 * b2;
          sum += a2 * g6 * b0; sum += a2 * g7 * b1; sum += a2 * g8 * b2;
          m[at + (a * n + b) * block] = sum;
        }
      }
    }
  }
}`,
};
