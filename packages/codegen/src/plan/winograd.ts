/**
 * Winograd minimal filtering F(m, r) (Winograd 1980; Lavin & Gray 2016): m outputs of an r-tap
 * correlation from n = m + r − 1 inputs with n multiplies instead of m·r,
 *
 *   y = Aᵀ [(G g) ⊙ (Bᵀ d)],   Aᵀ: m × n,  G: n × r,  Bᵀ: n × n.
 *
 * The matrices come from Cook–Toom: evaluate at n − 1 finite points and at ∞, multiply pointwise,
 * interpolate. A correlation is the transpose of a linear convolution h = g ∗ e (e of length m), so
 * with E_k the n × k evaluation matrix (rows [1, p, p², …], the ∞ row picking the leading
 * coefficient) and C the interpolation matrix, h = C[(E_r g) ⊙ (E_m e)] gives
 * Aᵀ = E_mᵀ, G = E_r, Bᵀ = Cᵀ. Row j of Bᵀ holds the coefficients of Π_{l≠j}(x − p_l) — the
 * Lagrange basis without its denominator, which moves into row j of G — and the ∞ row the
 * coefficients of Π_l(x − p_l).
 *
 * Everything is computed in exact rationals and only then rounded to doubles, so the matrices are
 * exact for the dyadic points (0, ±1, ±2, ±½) and within an ulp otherwise. Target-independent: any
 * emitter bakes these numbers into its kernels.
 */

/** A rational number p/q in lowest terms, q > 0. */
class Ratio {
  readonly p: bigint;
  readonly q: bigint;
  constructor(p: bigint, q = 1n) {
    if (q === 0n) throw new Error('winograd: division by zero (two equal points)');
    if (q < 0n) [p, q] = [-p, -q];
    const g = gcd(p < 0n ? -p : p, q);
    this.p = p / g;
    this.q = q / g;
  }
  add(o: Ratio): Ratio { return new Ratio(this.p * o.q + o.p * this.q, this.q * o.q); }
  sub(o: Ratio): Ratio { return new Ratio(this.p * o.q - o.p * this.q, this.q * o.q); }
  mul(o: Ratio): Ratio { return new Ratio(this.p * o.p, this.q * o.q); }
  div(o: Ratio): Ratio { return new Ratio(this.p * o.q, this.q * o.p); }
  toNumber(): number { return Number(this.p) / Number(this.q); }
  /** `p/q`, or `p` for an integer. */
  toString(): string { return this.q === 1n ? String(this.p) : `${this.p}/${this.q}`; }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

const ratio = (p: number, q = 1) => new Ratio(BigInt(p), BigInt(q));

/**
 * The finite interpolation points in the order they are taken: small magnitudes and their
 * reciprocals first, which keeps the transforms' entries (and their rounding) small.
 */
const points: Ratio[] = [
  ratio(0), ratio(1), ratio(-1), ratio(2), ratio(-2), ratio(1, 2), ratio(-1, 2), ratio(3), ratio(-3),
  ratio(1, 3), ratio(-1, 3), ratio(4), ratio(-4), ratio(1, 4), ratio(-1, 4),
];

/** The largest tile n = m + r − 1 the point list supports. */
export const maxWinogradTile = points.length + 1;

export interface WinogradMatrices {
  /** Outputs per tile. */
  m: number;
  /** Filter taps. */
  r: number;
  /** Inputs per tile, m + r − 1. */
  n: number;
  /** m × n: transformed products → outputs. */
  AT: number[][];
  /** n × r: filter → transformed filter. */
  G: number[][];
  /** n × n: input tile → transformed input. */
  BT: number[][];
  /** The same matrices as exact rationals (`'193/12'`), for the comments of generated kernels. */
  exact: { AT: string[][]; G: string[][]; BT: string[][] };
}

function power(x: Ratio, k: number): Ratio {
  let result = ratio(1);
  for (let i = 0; i < k; i++) result = result.mul(x);
  return result;
}

/** Coefficients (lowest degree first) of Π (x − root) over the given roots. */
function monicFromRoots(roots: Ratio[], length: number): Ratio[] {
  let coefficients = [ratio(1)];
  for (const root of roots) {
    const next = Array.from({ length: coefficients.length + 1 }, () => ratio(0));
    coefficients.forEach((c, i) => {
      next[i] = next[i].sub(c.mul(root));
      next[i + 1] = next[i + 1].add(c);
    });
    coefficients = next;
  }
  while (coefficients.length < length) coefficients.push(ratio(0));
  return coefficients;
}

const computed = new Map<string, WinogradMatrices>();

/**
 * The transforms of F(m, r), computed once per (m, r): the cost model asks for every tile size of
 * every layer, and the emitters again.
 * @example winogradMatrices(2, 3).AT //=> [[1, 1, 1, 0], [0, 1, -1, 1]]
 */
export function winogradMatrices(m: number, r: number): WinogradMatrices {
  const key = `${m},${r}`;
  let matrices = computed.get(key);
  if (!matrices) {
    matrices = cookToom(m, r);
    computed.set(key, matrices);
  }
  return matrices;
}

function cookToom(m: number, r: number): WinogradMatrices {
  const n = m + r - 1;
  if (!Number.isInteger(m) || !Number.isInteger(r) || m < 1 || r < 1 || n > maxWinogradTile) {
    throw new Error(`winograd: F(${m}, ${r}) needs a tile of ${n} inputs; supported are 1…${maxWinogradTile}`);
  }
  const finite = points.slice(0, n - 1);
  const AT = Array.from({ length: m }, (_, i) => [...finite.map((p) => power(p, i)), ratio(i === m - 1 ? 1 : 0)]);
  const G = [
    ...finite.map((p, j) => {
      const denominator = finite.reduce((product, other, l) => (l === j ? product : product.mul(p.sub(other))), ratio(1));
      return Array.from({ length: r }, (_, k) => power(p, k).div(denominator));
    }),
    Array.from({ length: r }, (_, k) => ratio(k === r - 1 ? 1 : 0)),
  ];
  const BT = [
    ...finite.map((_, j) => monicFromRoots(finite.filter((__, l) => l !== j), n)),
    monicFromRoots(finite, n),
  ];
  const numbers = (matrix: Ratio[][]) => matrix.map((row) => row.map((x) => x.toNumber()));
  const strings = (matrix: Ratio[][]) => matrix.map((row) => row.map((x) => x.toString()));
  return { m, r, n, AT: numbers(AT), G: numbers(G), BT: numbers(BT), exact: { AT: strings(AT), G: strings(G), BT: strings(BT) } };
}

/**
 * A Winograd algorithm along one axis of a convolution of `stride` 1 or 2: m outputs of an r-tap
 * filter from a patch of n consecutive inputs, y = Aᵀ [(G g) ⊙ (Bᵀ d)], tiles m · stride inputs
 * apart. Stride 1 is F(m, r). Stride 2 splits the filter by phase (Yang et al. 2020, "Accelerating
 * strided Winograd convolution"): output j reads patch index 2j + k through tap k, so the even taps
 * g₀, g₂, … correlate the patch's even entries and the odd taps its odd entries, two stride-1
 * correlations of ⌈r/2⌉ and ⌊r/2⌋ taps. Both run as F(m, ·) side by side — points
 * n = (m + ⌈r/2⌉ − 1) + (m + ⌊r/2⌋ − 1) = 2m + r − 2, exactly the patch — and the outputs add:
 * Aᵀ = [Aᵀ_even | Aᵀ_odd], G and Bᵀ block-diagonal with the columns (taps, patch entries) of each
 * phase. F(m, 1) is the identity (m points, no arithmetic). For 3×3/2, F(4×4) takes 81 products for
 * 16 outputs where direct convolution takes 144.
 */
export interface WinogradScheme extends WinogradMatrices {
  stride: 1 | 2;
}

const schemes = new Map<string, WinogradScheme>();

/** `F(4×4, 3×3)`, `F(2×2, 3×3/2)`: a scheme as comments and reports name it. */
export function winogradLabel(scheme: Pick<WinogradScheme, 'm' | 'r' | 'stride'>): string {
  return `F(${scheme.m}×${scheme.m}, ${scheme.r}×${scheme.r}${scheme.stride === 2 ? '/2' : ''})`;
}

/** The transforms of F(m, r) at `stride` 1 or 2, computed once per (m, r, stride). */
export function winogradScheme(m: number, r: number, stride: 1 | 2): WinogradScheme {
  const key = `${m},${r},${stride}`;
  let scheme = schemes.get(key);
  if (!scheme) {
    scheme = stride === 1 ? { ...winogradMatrices(m, r), stride } : strided(m, r);
    schemes.set(key, scheme);
  }
  return scheme;
}

function strided(m: number, r: number): WinogradScheme {
  if (r < 2) throw new Error(`winograd: a stride-2 filter needs 2 taps or more, not ${r}`);
  const n = 2 * m + r - 2;
  // F(m, 1) is the identity; else Cook–Toom's F(m, taps), as numbers and as exact text alike.
  const phase = (taps: number): Phase => {
    if (taps > 1) return winogradMatrices(m, taps);
    const identity = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (__, j) => (i === j ? 1 : 0)));
    const ones = identity.map(() => [1]);
    return { AT: identity, G: ones, BT: identity, exact: { AT: text(identity), G: text(ones), BT: text(identity) } };
  };
  const even = phase(Math.ceil(r / 2));
  const odd = phase(Math.floor(r / 2));
  const ne = even.BT.length;
  // Even phase: points [0, ne), taps 2a, patch entries 2i; odd phase: points [ne, n), taps 2a + 1, entries 2i + 1.
  const compose = <T>(pick: (phase: Phase) => { AT: T[][]; G: T[][]; BT: T[][] }, zero: T) => {
    const [e, o] = [pick(even), pick(odd)];
    const G = Array.from({ length: n }, () => Array.from({ length: r }, () => zero));
    const BT = Array.from({ length: n }, () => Array.from({ length: n }, () => zero));
    e.G.forEach((row, x) => row.forEach((v, a) => (G[x][2 * a] = v)));
    o.G.forEach((row, x) => row.forEach((v, a) => (G[ne + x][2 * a + 1] = v)));
    e.BT.forEach((row, x) => row.forEach((v, i) => (BT[x][2 * i] = v)));
    o.BT.forEach((row, x) => row.forEach((v, i) => (BT[ne + x][2 * i + 1] = v)));
    return { AT: e.AT.map((row, i) => [...row, ...o.AT[i]]), G, BT };
  };
  return { m, r, n, stride: 2, ...compose((p) => p, 0), exact: compose((p) => p.exact, '0') };
}

type Phase = Pick<WinogradMatrices, 'AT' | 'G' | 'BT' | 'exact'>;

const text = (matrix: number[][]) => matrix.map((row) => row.map(String));
