/**
 * Normalization of rows: groupNorm, instanceNorm2d and layerNorm each normalize blocks of `length`
 * consecutive elements in row-major order (a group's channels and pixels, a channel's pixels, the
 * trailing dimensions). The registry first rewrites the input in the view [rows, length, 1, 1]
 * (`relayoutKernel`, which zeroes the padding lanes), so that every block is one pixel's lanes; this
 * kernel then normalizes each in place, a vector of four elements at a time:
 *
 *   mean = Σ x / length,   var = Σ (x − mean)² / length,   y = (x − mean) · 1 / √(var + eps)
 *
 * The sums run in float64 lanes (as softmax's), so a group of 200,000 elements loses no float32 bits;
 * the mean stays float64 and is subtracted as two float32s (hi, its rounding, then lo, the rest), so
 * x − mean keeps its bits even where the mean is large against the spread (after a ReLU). The padding
 * lanes are zeros, which add nothing to Σ x, and are masked out of Σ (x − mean)². With `elementwise` (layerNorm's weight and bias, packed as lanes) y · w + b follows. The
 * registry then rewrites the rows back, and a per-channel affine map (groupNorm's and instanceNorm2d's
 * weight and bias) runs as `affineKernel` on the result.
 */
import { FunctionBuilder } from '../encoder.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';

export interface NormalizeRowsParams {
  name: string;
  /** [rows, length, 1, 1], dense, padding lanes zero; normalized in place. */
  rows: NhwcBuffer;
  eps: number;
  /** Byte addresses of the weight and bias lanes (lanes(length) each), for an element-wise affine map. */
  elementwise?: { weight: number; bias: number };
}

/** layerNorm's weight or bias as the kernel reads it: the normalized shape's elements as lanes, zeros after. */
export function packRowLanes(values: Float32Array): Float32Array {
  const packed = new Float32Array(lanes(values.length));
  packed.set(values);
  return packed;
}

export function normalizeRowsKernel(p: NormalizeRowsParams): FunctionBuilder {
  const { rows } = p;
  if (rows.height !== 1 || rows.width !== 1) throw new Error(`${p.name}: rows are pixels of a [rows, length, 1, 1] view`);
  const length = rows.channels;
  const vectorBytes = 4 * lanes(length);
  const fullBytes = 16 * Math.floor(length / 4);
  const tail = length % 4;
  const strides = stridesOf(rows);
  const f = new FunctionBuilder(p.name);
  f.comment(`normalize ${rows.batch} rows of ${length} (eps ${p.eps})${p.elementwise ? ', then weight · y + bias element by element' : ''}`);
  const r = f.local('r', 'i32');
  const row = f.local('row', 'i32');
  const c = f.local('c', 'i32');
  const x = f.local('x', 'v128');
  const low = f.local('sum_lo', 'v128');
  const high = f.local('sum_hi', 'v128');
  const mean = f.local('mean', 'f64');
  const meanHigh = f.local('mean_hi', 'v128');
  const meanLow = f.local('mean_lo', 'v128');
  const scale = f.local('scale', 'v128');
  const total = f.local('total', 'f64');
  /** x − mean as two float32 subtractions: mean = hi + lo (hi its float32 rounding), so x − hi is exact near the mean. */
  const centred = () => f.get(x).get(meanHigh).op('f32x4.sub').get(meanLow).op('f32x4.sub');
  /** sum_lo, sum_hi (float64 lanes 0–1 and 2–3) += x. */
  const accumulate = () => {
    f.get(low).get(x).op('f64x2.promote_low_f32x4').op('f64x2.add').set(low);
    f.get(high).get(x).get(x).shuffle32([2, 3, 0, 1]).op('f64x2.promote_low_f32x4').op('f64x2.add').set(high);
  };
  const load = () => f.get(row).get(c).op('i32.add').mem('v128.load').set(x);
  /** Σ over the row of `term(x)` into `total` (float64); `masked`: the padding lanes of the last vector count as 0. */
  const sum = (term: () => void, masked: boolean) => {
    f.f32x4([0, 0, 0, 0]).tee(low).set(high);
    f.setTo(c, 0);
    const end = masked ? fullBytes : vectorBytes;
    if (end > 0) {
      f.countedLoop('sum', c, 16, end, () => {
        load();
        term();
        f.set(x);
        accumulate();
      });
    }
    if (masked && tail > 0) {
      load();
      term();
      f.i32x4([0, 1, 2, 3].map((lane) => (lane < tail ? -1 : 0)) as [number, number, number, number]).op('v128.and').set(x);
      accumulate();
    }
    f.get(low).get(high).op('f64x2.add').set(low);
    f.get(low).lane('f64x2.extract_lane', 0).get(low).lane('f64x2.extract_lane', 1).op('f64.add').set(total);
  };
  f.setTo(r, 0);
  f.countedLoop('rows', r, 1, rows.batch, () => {
    f.get(r).i32(strides.image).op('i32.mul').i32(rows.offset).op('i32.add').set(row);
    sum(() => f.get(x), false); // the padding lanes are zeros
    f.get(total).i32(length).op('f64.convert_i32_u').op('f64.div').tee(mean).op('f32.demote_f64').op('f32x4.splat').set(meanHigh);
    f.get(mean).get(meanHigh).lane('f32x4.extract_lane', 0).op('f64.promote_f32').op('f64.sub').op('f32.demote_f64').op('f32x4.splat').set(meanLow);
    sum(() => {
      centred();
      f.tee(x).get(x).op('f32x4.mul');
    }, true);
    // 1 / √(var + eps), var = Σ (x − mean)² / length
    f.f32(1).get(total).op('f32.demote_f64').f32(length).op('f32.div').f32(p.eps).op('f32.add').op('f32.sqrt').op('f32.div').op('f32x4.splat').set(scale);
    f.setTo(c, 0);
    f.countedLoop('normalize', c, 16, vectorBytes, () => {
      f.get(row).get(c).op('i32.add');
      load();
      centred();
      f.get(scale).op('f32x4.mul');
      if (p.elementwise) {
        f.get(c).mem('v128.load', { offset: p.elementwise.weight }).op('f32x4.mul');
        f.get(c).mem('v128.load', { offset: p.elementwise.bias }).op('f32x4.add');
      }
      f.mem('v128.store');
    });
  });
  return f;
}
