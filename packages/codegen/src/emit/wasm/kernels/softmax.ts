/**
 * softmax along one axis of the 4-D [N, C, H, W] view, max-subtracted as the interpreter computes it:
 *
 *   out[k] = e^(x[k] − m) / Σ_j e^(x[j] − m),   m = max_j x[j]
 *
 * in three passes over the axis: the max; e = exp(x − m), stored into the output and summed; the
 * division. exp is transcendental.ts's (≤ 1 ulp); the sum runs in float64 lanes (two instructions
 * more per vector), so a 1000-class softmax is as exact as a 10-class one and the result is within a
 * few ulps of the interpreter's float64 arithmetic. NaN and ±∞ behave as there: a NaN in the row
 * makes m NaN and every output NaN; +∞ makes ∞ − ∞ = NaN in the sum, so all NaN; a row of −∞ has
 * m = −∞ and −∞ − (−∞) = NaN, so all NaN; a −∞ among finite values gives 0.
 *
 * Along C (the usual case: logits [N, F] are the view [N, F, 1, 1]) the reduction runs across the
 * channel vectors of one pixel and then across the four lanes (shuffles); the padding lanes of the
 * last vector are masked to −∞ so they count as e = 0, and written back as zeros so they stay
 * finite. Along N, H or W each lane is its own channel: the loops walk the other two of N, H, W and
 * the channel vectors, and reduce along the axis at its stride. The output may be the input (in
 * place): every pass reads a vector before it writes it.
 *
 * With `log` (logSoftmax) the second pass only sums, and the third writes x − m − log Σ from the input
 * (log as transcendental.ts's, on a sum in [1, length]): large logits keep every digit PyTorch's
 * float32 x − m keeps, where log(softmax) would underflow to −∞.
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';
import { emitExp, emitLog } from './transcendental.js';

export interface SoftmaxParams {
  name: string;
  input: NhwcBuffer;
  /** The input's shape; may be the input buffer itself. */
  output: NhwcBuffer;
  /** The axis of the [N, C, H, W] view. */
  axis: 0 | 1 | 2 | 3;
  /** logSoftmax: x − m − log Σ e^(x − m) instead of the quotient. */
  log?: boolean;
}

const splat = (x: number) => [x, x, x, x] as const;

export function softmaxKernel(p: SoftmaxParams): FunctionBuilder {
  const { input, output } = p;
  if (input.batch !== output.batch || input.channels !== output.channels || input.height !== output.height || input.width !== output.width) {
    throw new Error(`${p.name}: softmax keeps the shape`);
  }
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const f = new FunctionBuilder(p.name);
  f.comment(`${p.log ? 'logSoftmax' : 'softmax'} along ${['N', 'C', 'H', 'W'][p.axis]} of [${input.batch}, ${input.channels}, ${input.height}, ${input.width}]`);
  const x = f.local('x', 'v128');
  const m = f.local('m', 'v128');
  const sumLow = f.local('sum_lo', 'v128');
  const sumHigh = f.local('sum_hi', 'v128');
  const s = f.local('s', 'v128');

  /** sum_lo/sum_hi (float64 lanes 0–1 and 2–3) += x. */
  const accumulate = () => {
    f.get(sumLow).get(x).op('f64x2.promote_low_f32x4').op('f64x2.add').set(sumLow);
    f.get(sumHigh).get(x).get(x).shuffle32([2, 3, 0, 1]).op('f64x2.promote_low_f32x4').op('f64x2.add').set(sumHigh);
  };
  const resetSums = () => f.f32x4(splat(0)).tee(sumLow).set(sumHigh);

  if (p.axis === 1) channelAxis();
  else spatialAxis(p.axis);
  return f;

  function channelAxis(): void {
    const channels = input.channels;
    const fullVectors = Math.floor(channels / 4);
    const tail = channels % 4;
    // Lanes of the last vector that hold real channels (all ones) or padding (zeros).
    const mask: [number, number, number, number] = [0, 1, 2, 3].map((l) => (l < tail ? -1 : 0)) as never;
    const n = f.local('n', 'i32');
    const y = f.local('y', 'i32');
    const px = f.local('px', 'i32');
    const pin = f.local('pin', 'i32');
    const pout = f.local('pout', 'i32');
    const c = f.local('c', 'i32');
    const fullBytes = 16 * fullVectors;
    /** body(offsetLocal) over the full vectors, then tail(displacement) for the partial one. */
    const sweep = (body: () => void, tailBody: () => void) => {
      if (fullVectors > 0) {
        f.setTo(c, 0);
        f.countedLoop('vectors', c, 16, fullBytes, body);
      }
      if (tail) tailBody();
    };
    const loadIn = (masked: boolean) => {
      f.get(pin);
      if (!masked) f.get(c).op('i32.add');
      f.mem('v128.load', { offset: masked ? fullBytes : 0 });
      if (masked) f.f32x4(splat(-Infinity)).i32x4(mask).op('v128.bitselect');
      f.set(x);
    };
    const outAddress = (masked: boolean) => {
      f.get(pout);
      if (!masked) f.get(c).op('i32.add');
    };
    const pixel = () => {
      f.comment('m = max over the channels (padding lanes masked to −∞)');
      f.f32x4(splat(-Infinity)).set(m);
      const max = (masked: boolean) => {
        loadIn(masked);
        f.get(m).get(x).op('f32x4.max').set(m);
      };
      sweep(() => max(false), () => max(true));
      f.get(m).get(m).get(m).shuffle32([2, 3, 0, 1]).op('f32x4.max').set(m);
      f.get(m).get(m).get(m).shuffle32([1, 0, 3, 2]).op('f32x4.max').set(m);
      f.comment('e = exp(x − m) into the output, summed in float64');
      resetSums();
      const exp = (masked: boolean) => {
        loadIn(masked);
        f.get(x).get(m).op('f32x4.sub').set(x);
        emitExp(f, x, { belowOverflow: true });
        if (!p.log) {
          outAddress(masked);
          f.get(x).mem('v128.store', { offset: masked ? fullBytes : 0 });
        }
        accumulate();
      };
      sweep(() => exp(false), () => exp(true));
      // Σ over the four lanes: both float64 halves added, then their two lanes, rounded once to float32.
      f.get(sumLow).get(sumHigh).op('f64x2.add').set(sumLow);
      f.get(sumLow).get(sumLow).get(sumLow).shuffle32([2, 3, 0, 1]).op('f64x2.add').op('f32x4.demote_f64x2_zero').set(s);
      f.get(s).get(s).shuffle32([0, 0, 0, 0]).set(s);
      if (p.log) {
        f.comment('out = x − m − log Σ (padding lanes back to zero)');
        emitLog(f, s);
        const logOut = (masked: boolean) => {
          outAddress(masked);
          loadIn(masked);
          f.get(x).get(m).op('f32x4.sub').get(s).op('f32x4.sub');
          if (masked) f.i32x4(mask).op('v128.and');
          f.mem('v128.store', { offset: masked ? fullBytes : 0 });
        };
        sweep(() => logOut(false), () => logOut(true));
        return;
      }
      f.comment('out = e / Σ (padding lanes back to zero)');
      const divide = (masked: boolean) => {
        outAddress(masked);
        outAddress(masked);
        f.mem('v128.load', { offset: masked ? fullBytes : 0 }).get(s).op('f32x4.div');
        if (masked) f.i32x4(mask).op('v128.and');
        f.mem('v128.store', { offset: masked ? fullBytes : 0 });
      };
      sweep(() => divide(false), () => divide(true));
    };
    f.setTo(n, 0);
    f.countedLoop('images', n, 1, input.batch, () => {
      f.setTo(y, 0);
      f.countedLoop('rows', y, 1, input.height, () => {
        const rowStart = (buffer: NhwcBuffer, strides: { row: number; image: number }, local: Local) => {
          f.get(n).i32(strides.image).op('i32.mul').get(y).i32(strides.row).op('i32.mul').op('i32.add').i32(buffer.offset).op('i32.add').set(local);
        };
        rowStart(input, inS, pin);
        rowStart(output, outS, pout);
        f.setTo(px, 0);
        f.countedLoop('pixels', px, 1, input.width, () => {
          pixel();
          f.addTo(pin, inS.pixel).addTo(pout, outS.pixel);
        });
      });
    });
  }

  function spatialAxis(axis: 0 | 2 | 3): void {
    // The three axes N, H, W with their strides; the softmax runs along one, the loops over the others.
    const axes = [
      { name: 'n', size: input.batch, in: inS.image, out: outS.image },
      { name: 'y', size: input.height, in: inS.row, out: outS.row },
      { name: 'x', size: input.width, in: inS.pixel, out: outS.pixel },
    ];
    const along = axes[axis === 0 ? 0 : axis === 2 ? 1 : 2];
    const [outer, inner] = axes.filter((a) => a !== along);
    const vectorBytes = 4 * lanes(input.channels);
    const a = f.local('a', 'i32');
    const b = f.local('b', 'i32');
    const c = f.local('c', 'i32');
    const k = f.local('k', 'i32');
    const pin = f.local('pin', 'i32');
    const pout = f.local('pout', 'i32');
    const qin = f.local('qin', 'i32');
    const qout = f.local('qout', 'i32');
    /** body() at every step of the axis, with qin/qout there. */
    const walk = (body: () => void) => {
      f.get(pin).set(qin).get(pout).set(qout).setTo(k, 0);
      f.countedLoop('along', k, 1, along.size, () => {
        body();
        f.addTo(qin, along.in).addTo(qout, along.out);
      });
    };
    f.setTo(a, 0);
    f.countedLoop('outer', a, 1, outer.size, () => {
      f.setTo(b, 0);
      f.countedLoop('inner', b, 1, inner.size, () => {
        f.setTo(c, 0);
        f.countedLoop('channels', c, 16, vectorBytes, () => {
          const start = (offset: number, strideA: number, strideB: number, local: Local) => {
            f.get(a).i32(strideA).op('i32.mul').get(b).i32(strideB).op('i32.mul').op('i32.add').get(c).op('i32.add').i32(offset).op('i32.add').set(local);
          };
          start(input.offset, outer.in, inner.in, pin);
          start(output.offset, outer.out, inner.out, pout);
          f.f32x4(splat(-Infinity)).set(m);
          walk(() => {
            f.get(m).get(qin).mem('v128.load').op('f32x4.max').set(m);
          });
          resetSums();
          walk(() => {
            f.get(qin).mem('v128.load').get(m).op('f32x4.sub').set(x);
            emitExp(f, x, { belowOverflow: true });
            if (!p.log) f.get(qout).get(x).mem('v128.store');
            accumulate();
          });
          // Each lane's own sum: the float64 pairs rounded to float32 and put side by side.
          f.get(sumLow).op('f32x4.demote_f64x2_zero').get(sumHigh).op('f32x4.demote_f64x2_zero').shuffle32([0, 1, 4, 5]).set(s);
          if (p.log) {
            emitLog(f, s);
            walk(() => {
              f.get(qout).get(qin).mem('v128.load').get(m).op('f32x4.sub').get(s).op('f32x4.sub').mem('v128.store');
            });
            return;
          }
          walk(() => {
            f.get(qout).get(qout).mem('v128.load').get(s).op('f32x4.div').mem('v128.store');
          });
        });
      });
    });
  }
}
