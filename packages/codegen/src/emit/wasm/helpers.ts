/**
 * JavaScript a wasm kernels module includes to lay out weights at load, as source text the compiler
 * owns (as the JS target's helpers.ts). Bundles ship what they cannot compute: Winograd F(m×m, 3×3)
 * filters ship as PyTorch's 3×3 (9 floats per channel pair) and are expanded here into the
 * (m + 2)² transformed blocks the GEMMs read (36 for F(4×4): four times the bytes).
 *
 * `winogradFilters` writes exactly what `packWinogradWeights` (kernels/winograd.ts) computes at build
 * time — the same sums in the same order, rounded once to float32 — which test/wasm/target.test.ts
 * checks bit for bit.
 */

export type WasmHelper = 'winogradFilters';

export const wasmHelpers: Record<WasmHelper, string> = {
  winogradFilters: `// U[ξ] = G g Gᵀ for the O × C filters g at s[from…] (PyTorch's [O][C][3][3]) into m[to…] (floats):
// n² blocks, each the 1×1 GEMM's packed order — blocks of Q output lanes, then input channels, then
// the block's lanes (zeros past O). G (n × 3, row-major) follows as the last arguments.
function winogradFilters(s, from, m, to, O, C, n, Q, ...G) {
  const lanes = Math.ceil(O / 4) * 4;
  let at = to;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      for (let o0 = 0; o0 < lanes; o0 += Q) {
        const width = Math.min(Q, lanes - o0);
        for (let c = 0; c < C; c++) {
          for (let q = 0; q < width; q++) {
            const o = o0 + q;
            let sum = 0;
            if (o < O) {
              const g = from + (o * C + c) * 9;
              for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) sum += G[a * 3 + k] * s[g + k * 3 + l] * G[b * 3 + l];
            }
            m[at++] = sum;
          }
        }
      }
    }
  }
}`,
};
