/**
 * exp, sigmoid, tanh, silu and exact GELU on four float32 lanes, for activations in any kernel's
 * epilogue and for softmax. Each emitter turns the v128 in a local into its image, in place.
 *
 * exp(x) (Cephes' expf, Cody–Waite reduction):
 *
 *   k = round(x·log₂e),  r = x − k·C₁ − k·C₂   (C₁ + C₂ = ln 2, C₁ = 355/512 exact in 9 bits, so k·C₁
 *                                              is exact for |k| < 2¹⁵ and r carries ln 2's low bits)
 *   e^r ≈ 1 + r + r²·P(r),  |r| ≤ ln2/2,  P of degree 5 (Cephes' coefficients)
 *   e^x = e^r · 2^k1 · 2^k2  with k1 = ⌊k/2⌋, k2 = k − k1
 *
 * The rounding of k uses the magic constant 1.5·2²³: adding it leaves round(x·log₂e) in the low
 * mantissa bits (ties to even), so k is read from the float's bits with one integer subtract and no
 * float→int conversion (which costs V8 six instructions per vector on x64). x is clamped to
 * [−104, 89] first: past 88.73 the product overflows to +∞, below −103.98 it rounds to 0, and
 * between −103.98 and −87.34 the result is a denormal. Splitting 2^k into two factors keeps each a
 * normal float for every k in [−150, 128], and the last multiply rounds once, so denormals and the
 * overflow edge come out correctly rounded from e^r. The clamps are `pmax`/`pmin` (one x64
 * instruction each, where `min`/`max` take five), ordered so that a NaN operand passes through.
 * Measured error (test/wasm/transcendental.test.ts): at most 1 ulp against Math.exp rounded to
 * float32, over 2²⁰ arguments spread over [−104, 89] and the special values.
 *
 * sigmoid(x) = s / (1 + e) with e = exp(−|x|), s = 1 for x ≥ 0 and e for x < 0: the exponent is never
 * positive, so nothing overflows, and for x < 0 the quotient keeps full relative precision down to
 * the denormals (1/(1 + e^−x) would overflow e^−x below −88.7 and return 0 there).
 *
 * tanh(|x|) = |x| + |x|·z·Q(z), z = x², for |x| < 0.625 (Cephes' tanhf polynomial), else
 * (1 − e)/(1 + e) with e = exp(−2|x|); the sign of x is then or-ed in, so tanh(−0) = −0.
 *
 * silu(x) = x · sigmoid(x) (so silu(−∞) = −∞ · 0 = NaN, as the interpreter computes it).
 *
 * gelu(x) = x · Φ(x), Φ(x) = ½·erfc(|x|/√2) for x < 0 and 1 − ½·erfc(|x|/√2) otherwise, with
 *
 *   erfc(z) = t · exp(−z² + R(t)),  t = 1/(1 + z/2)   (Numerical Recipes' erfcc: fractional error
 *                                                     below 1.2e-7 for every z ≥ 0, R of degree 9)
 *
 * computing the small tail of Φ directly rather than as 1 + erf(x/√2), which cancels, so Φ keeps its
 * relative precision in the far negative tail too. At x = +∞ erfc is t·exp(−∞) = 0 and gelu = +∞; at
 * x = −∞ it is −∞ · 0 = NaN, as the interpreter's 0.5·x·(1 + erf) gives.
 *
 * elu(x) = x for x > 0, alpha·expm1(x) otherwise, with expm1(x) = e^x − 1 for x < −½ (no cancellation
 * there: e^x − 1 ≤ −0.39) and its Taylor series to x⁸/8! for |x| ≤ ½ (truncation below 1e-8
 * relative), so values near 0 keep their relative precision as Math.expm1's.
 *
 * log(x) for x > 0 normal (Cephes' logf): x = m·2^e with m ∈ [√½, √2), log x = (m − 1) + P + e·ln 2
 * with ln 2 as C₁ + C₂ (exp's). NaN passes through; zero, negatives, denormals and ∞ are outside its
 * domain (logSoftmax's sums, its only user, lie in [1, length]).
 */
import type { FunctionBuilder, Local } from '../encoder.js';

const splat = (x: number) => [x, x, x, x] as const;
const signBit = 0x80000000 | 0;

/** Scratch v128 locals of one function, declared on first use and shared by every emitter call. */
const scratch = new WeakMap<FunctionBuilder, Local[]>();
export function vectorTemp(f: FunctionBuilder, index: number): Local {
  let temps = scratch.get(f);
  if (!temps) scratch.set(f, (temps = []));
  while (temps.length <= index) temps.push(f.local(`math${temps.length}`, 'v128'));
  return temps[index];
}

/** acc = acc·r + c, for Horner's scheme. */
function hornerStep(f: FunctionBuilder, acc: Local, r: Local, c: number): void {
  f.get(acc).get(r).op('f32x4.mul').f32x4(splat(c)).op('f32x4.add').set(acc);
}

/**
 * x = e^x. Uses scratch temps 0–3. `belowOverflow`: the caller knows x stays below 88 (or is NaN),
 * so the upper clamp is left out.
 */
export function emitExp(f: FunctionBuilder, x: Local, options: { belowOverflow?: boolean } = {}): void {
  const t = vectorTemp(f, 0);
  const k = vectorTemp(f, 1);
  const r = vectorTemp(f, 2);
  const p = vectorTemp(f, 3);
  const magic = 12582912; // 1.5·2²³
  // Clamp: pmax(x, lo) = x < lo ? lo : x and pmin(x, hi) = hi < x ? hi : x both return x when it is NaN.
  f.get(x).f32x4(splat(-104)).op('f32x4.pmax');
  if (!options.belowOverflow) f.f32x4(splat(89)).op('f32x4.pmin');
  f.set(x);
  f.get(x).f32x4(splat(Math.LOG2E)).op('f32x4.mul').f32x4(splat(magic)).op('f32x4.add').set(t);
  f.get(t).f32x4(splat(magic)).op('f32x4.sub').set(k);
  f.get(x).get(k).f32x4(splat(0.693359375)).op('f32x4.mul').op('f32x4.sub');
  f.get(k).f32x4(splat(-2.12194440e-4)).op('f32x4.mul').op('f32x4.sub').set(r);
  // e^r ≈ ((((c5·r + c4)·r + c3)·r + c2)·r + c1)·r + c0)·r² + r + 1
  f.f32x4(splat(1.9875691500e-4)).set(p);
  for (const c of [1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]) hornerStep(f, p, r, c);
  f.get(p).get(r).get(r).op('f32x4.mul').op('f32x4.mul').get(r).op('f32x4.add').f32x4(splat(1)).op('f32x4.add').set(p);
  // k as an integer from t's bits; 2^k1 and 2^k2 as exponent fields.
  f.get(t).i32x4(splat(0x4b400000)).op('i32x4.sub').set(t);
  f.get(t).i32(1).op('i32x4.shr_s').set(k);
  f.get(p).get(k).i32(23).op('i32x4.shl').i32x4(splat(127 << 23)).op('i32x4.add').op('f32x4.mul');
  f.get(t).get(k).op('i32x4.sub').i32(23).op('i32x4.shl').i32x4(splat(127 << 23)).op('i32x4.add').op('f32x4.mul').set(x);
}

/** x = 1/(1 + e^−x). Scratch temps 0–5. */
export function emitSigmoid(f: FunctionBuilder, x: Local): void {
  const e = vectorTemp(f, 4);
  const positive = vectorTemp(f, 5);
  f.get(x).f32x4(splat(0)).op('f32x4.ge').set(positive);
  f.get(x).op('f32x4.abs').op('f32x4.neg').set(e);
  emitExp(f, e, { belowOverflow: true });
  // (x ≥ 0 ? 1 : e) / (1 + e); NaN fails the compare and takes e, which is NaN.
  f.f32x4(splat(1)).get(e).get(positive).op('v128.bitselect');
  f.get(e).f32x4(splat(1)).op('f32x4.add').op('f32x4.div').set(x);
}

/** x = x·sigmoid(x). Scratch temps 0–6. */
export function emitSilu(f: FunctionBuilder, x: Local): void {
  const copy = vectorTemp(f, 6);
  f.get(x).set(copy);
  emitSigmoid(f, x);
  f.get(x).get(copy).op('f32x4.mul').set(x);
}

/** x = tanh(x). Scratch temps 0–7. */
export function emitTanh(f: FunctionBuilder, x: Local): void {
  const a = vectorTemp(f, 4);
  const z = vectorTemp(f, 5);
  const q = vectorTemp(f, 6);
  const e = vectorTemp(f, 7);
  f.get(x).op('f32x4.abs').set(a);
  // |x| < 0.625: |x| + |x|·z·Q(z), z = x² (Cephes' tanhf).
  f.get(a).get(a).op('f32x4.mul').set(z);
  f.f32x4(splat(-5.70498872745e-3)).set(q);
  for (const c of [2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1]) hornerStep(f, q, z, c);
  f.get(q).get(z).op('f32x4.mul').get(a).op('f32x4.mul').get(a).op('f32x4.add').set(q);
  // Otherwise (1 − e)/(1 + e), e = exp(−2|x|) ∈ [0, 0.29]: no cancellation, no overflow.
  f.get(a).f32x4(splat(-2)).op('f32x4.mul').set(e);
  emitExp(f, e, { belowOverflow: true });
  f.f32x4(splat(1)).get(e).op('f32x4.sub').get(e).f32x4(splat(1)).op('f32x4.add').op('f32x4.div').set(e);
  // Pick per lane (NaN fails the compare and takes the NaN of the second form), then x's sign.
  f.get(q).get(e).get(a).f32x4(splat(0.625)).op('f32x4.lt').op('v128.bitselect');
  f.get(x).i32x4(splat(signBit)).op('v128.and').op('v128.or').set(x);
}

/** Numerical Recipes' erfcc: erfc(z) = t·exp(−z² + R(t)), t = 1/(1 + z/2); R's coefficients from t⁰ up. */
const erfcCoefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

/** x = x·Φ(x), exact GELU. Scratch temps 0–7. */
export function emitGelu(f: FunctionBuilder, x: Local): void {
  const z = vectorTemp(f, 4);
  const t = vectorTemp(f, 5);
  const e = vectorTemp(f, 6);
  f.get(x).op('f32x4.abs').f32x4(splat(Math.SQRT1_2)).op('f32x4.mul').set(z);
  f.f32x4(splat(1)).get(z).f32x4(splat(0.5)).op('f32x4.mul').f32x4(splat(1)).op('f32x4.add').op('f32x4.div').set(t);
  const [first, ...rest] = [...erfcCoefficients].reverse();
  f.f32x4(splat(first)).set(e);
  for (const c of rest) hornerStep(f, e, t, c);
  // z² as x·x·½ (one rounding) rather than z·z: erfc's relative error grows by 2z² times z²'s.
  f.get(e).get(x).get(x).op('f32x4.mul').f32x4(splat(0.5)).op('f32x4.mul').op('f32x4.sub').set(e);
  emitExp(f, e, { belowOverflow: true });
  // h = ½·erfc(|x|/√2) = Φ(−|x|); Φ(x) = h for x < 0, 1 − h otherwise (NaN stays NaN either way).
  f.get(e).get(t).op('f32x4.mul').f32x4(splat(0.5)).op('f32x4.mul').set(e);
  f.get(e).f32x4(splat(1)).get(e).op('f32x4.sub').get(x).f32x4(splat(0)).op('f32x4.lt').op('v128.bitselect');
  f.get(x).op('f32x4.mul').set(x);
}

/** x = elu(x) = x > 0 ? x : alpha·expm1(x). Scratch temps 0–7. */
export function emitElu(f: FunctionBuilder, x: Local, alpha: number): void {
  const e = vectorTemp(f, 4);
  const series = vectorTemp(f, 5);
  const small = vectorTemp(f, 6);
  const negative = vectorTemp(f, 7);
  f.get(x).f32x4(splat(0)).op('f32x4.gt').set(negative); // the lanes kept as they are (NaN fails: takes alpha·expm1(NaN) = NaN)
  f.get(x).f32x4(splat(0)).op('f32x4.pmin').set(e); // exp of min(x, 0): never overflows (pmin(x, +0) is min(x, +0) bit for bit, one instruction)
  f.get(e).op('f32x4.abs').f32x4(splat(0.5)).op('f32x4.le').set(small);
  // expm1 by Taylor for |x| ≤ ½: x·(1 + x/2·(1 + x/3·(1 + … (1 + x/8))))
  f.f32x4(splat(1)).set(series);
  for (let k = 8; k >= 2; k--) f.get(series).get(e).op('f32x4.mul').f32x4(splat(1 / k)).op('f32x4.mul').f32x4(splat(1)).op('f32x4.add').set(series);
  f.get(series).get(e).op('f32x4.mul').set(series);
  emitExp(f, e, { belowOverflow: true });
  f.get(e).f32x4(splat(1)).op('f32x4.sub').set(e);
  f.get(series).get(e).get(small).op('v128.bitselect').f32x4(splat(alpha)).op('f32x4.mul');
  f.set(e);
  f.get(x).get(e).get(negative).op('v128.bitselect').set(x);
}

/** x = log(x) for positive normal lanes (and NaN). Scratch temps 0–3. */
export function emitLog(f: FunctionBuilder, x: Local): void {
  const exponent = vectorTemp(f, 0);
  const m = vectorTemp(f, 1);
  const small = vectorTemp(f, 2);
  const p = vectorTemp(f, 3);
  // x = m·2^e with m ∈ [½, 1): e from the exponent field, m with the exponent of ½.
  f.get(x).i32(23).op('i32x4.shr_u').i32x4(splat(126)).op('i32x4.sub').set(exponent);
  f.get(x).i32x4(splat(0x007fffff)).op('v128.and').i32x4(splat(0x3f000000)).op('v128.or').set(m);
  // m < √½: m·2 and e − 1 (the compare's all-ones lanes are −1), so m ∈ [√½, √2); then m − 1.
  f.get(m).f32x4(splat(Math.SQRT1_2)).op('f32x4.lt').set(small);
  f.get(exponent).get(small).op('i32x4.add').op('f32x4.convert_i32x4_s').set(exponent);
  f.get(m).get(m).op('f32x4.add').get(m).get(small).op('v128.bitselect').f32x4(splat(1)).op('f32x4.sub').set(m);
  f.f32x4(splat(7.0376836292e-2)).set(p);
  for (const c of [-1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1]) hornerStep(f, p, m, c);
  // y = m·z·P(m) − 2.12194440e-4·e − z/2, z = m²; log = m + y + 0.693359375·e
  f.get(p).get(m).op('f32x4.mul').get(m).op('f32x4.mul').get(m).op('f32x4.mul');
  f.get(exponent).f32x4(splat(-2.12194440e-4)).op('f32x4.mul').op('f32x4.add');
  f.get(m).get(m).op('f32x4.mul').f32x4(splat(0.5)).op('f32x4.mul').op('f32x4.sub');
  f.get(m).op('f32x4.add').get(exponent).f32x4(splat(0.693359375)).op('f32x4.mul').op('f32x4.add').set(p);
  // NaN lanes keep x.
  f.get(p).get(x).get(x).get(x).op('f32x4.eq').op('v128.bitselect').set(x);
}
