/**
 * mean over any of the axes N, C, H, W of the 4-D view: the output is the input's view with each
 * reduced axis 1. Loops over the kept axes around loops over the reduced ones; every sum runs in
 * float64 (as the interpreter's) and is divided by the count once, rounded once to float32.
 *
 * With C kept (a mean over the pixels, the usual case) four channels run at a time: the float64 sums
 * are two f64x2 lanes pairs, as softmax's, and the vector is divided in float32 (a second rounding, at
 * most half an ulp more). The padding lanes average the input's padding lanes, so they stay finite.
 * With C reduced, each output element is a scalar loop over the real channels only (never the padding
 * lanes), then over the other reduced axes, stored as its pixel's lane 0 with zeros after.
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';

export interface MeanParams {
  name: string;
  input: NhwcBuffer;
  /** The input's view with every reduced axis 1. */
  output: NhwcBuffer;
  /** Which of N, C, H, W are reduced. */
  reduced: { batch: boolean; channels: boolean; height: boolean; width: boolean };
}

interface Axis {
  name: string;
  size: number;
  in: number;
  out: number;
  reduced: boolean;
}

export function meanKernel(p: MeanParams): FunctionBuilder {
  const { input, output, reduced } = p;
  for (const d of ['batch', 'channels', 'height', 'width'] as const) {
    if (output[d] !== (reduced[d] ? 1 : input[d])) throw new Error(`${p.name}: the output's ${d} must be ${reduced[d] ? 1 : input[d]}, got ${output[d]}`);
  }
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const count = (reduced.batch ? input.batch : 1) * (reduced.channels ? input.channels : 1) * (reduced.height ? input.height : 1) * (reduced.width ? input.width : 1);
  const f = new FunctionBuilder(p.name);
  const names = (['batch', 'channels', 'height', 'width'] as const).filter((d) => reduced[d]).map((d) => ({ batch: 'N', channels: 'C', height: 'H', width: 'W' })[d]);
  f.comment(`mean over ${names.join(', ')} of [${input.batch}, ${input.channels}, ${input.height}, ${input.width}] (${count} elements each)`);
  const spatial: Axis[] = [
    { name: 'n', size: input.batch, in: inS.image, out: outS.image, reduced: reduced.batch },
    { name: 'y', size: input.height, in: inS.row, out: outS.row, reduced: reduced.height },
    { name: 'x', size: input.width, in: inS.pixel, out: outS.pixel, reduced: reduced.width },
  ];
  const index = new Map(spatial.map((a) => [a, f.local(a.name, 'i32')]));
  const c = f.local('c', 'i32');
  const pin = f.local('pin', 'i32');
  const pout = f.local('pout', 'i32');
  const at = f.local('at', 'i32');
  /** local = offset + Σ index·stride over the axes given (and the channel byte offset `c`). */
  const address = (axes: Axis[], stride: (a: Axis) => number, offset: number, local: Local, withChannel: boolean) => {
    f.i32(offset);
    for (const a of axes) f.get(index.get(a)!).i32(stride(a)).op('i32.mul').op('i32.add');
    if (withChannel) f.get(c).op('i32.add');
    f.set(local);
  };
  const loops = (axes: Axis[], body: () => void, i = 0): void => {
    if (i === axes.length) return body();
    const local = index.get(axes[i])!;
    f.setTo(local, 0);
    f.countedLoop(`${axes[i].name}_loop`, local, 1, axes[i].size, () => loops(axes, body, i + 1));
  };
  const kept = spatial.filter((a) => !a.reduced);
  const summed = spatial.filter((a) => a.reduced);

  if (!reduced.channels) {
    const x = f.local('value', 'v128');
    const low = f.local('sum_lo', 'v128');
    const high = f.local('sum_hi', 'v128');
    loops(kept, () => {
      f.setTo(c, 0);
      f.countedLoop('channels', c, 16, 4 * lanes(input.channels), () => {
        address(kept, (a) => a.in, input.offset, pin, true);
        f.f32x4([0, 0, 0, 0]).tee(low).set(high);
        loops(summed, () => {
          address(summed, (a) => a.in, 0, at, false);
          f.get(pin).get(at).op('i32.add').mem('v128.load').set(x);
          f.get(low).get(x).op('f64x2.promote_low_f32x4').op('f64x2.add').set(low);
          f.get(high).get(x).get(x).shuffle32([2, 3, 0, 1]).op('f64x2.promote_low_f32x4').op('f64x2.add').set(high);
        });
        address(kept, (a) => a.out, output.offset, pout, true);
        f.get(pout);
        f.get(low).op('f32x4.demote_f64x2_zero').get(high).op('f32x4.demote_f64x2_zero').shuffle32([0, 1, 4, 5]);
        f.f32x4([count, count, count, count]).op('f32x4.div').mem('v128.store');
      });
    });
    return f;
  }

  const sum = f.local('sum', 'f64');
  loops(kept, () => {
    address(kept, (a) => a.in, input.offset, pin, false);
    f.i32(0).op('f64.convert_i32_u').set(sum);
    loops(summed, () => {
      f.setTo(c, 0);
      f.countedLoop('channels', c, 4, 4 * input.channels, () => {
        address(summed, (a) => a.in, 0, at, true);
        f.get(sum).get(pin).get(at).op('i32.add').mem('f32.load').op('f64.promote_f32').op('f64.add').set(sum);
      });
    });
    f.i32(0).set(c);
    address(kept, (a) => a.out, output.offset, pout, false);
    // The pixel's one channel, its padding lanes zero.
    f.get(pout).get(sum).i32(count).op('f64.convert_i32_u').op('f64.div').op('f32.demote_f64').op('f32x4.splat');
    f.i32x4([-1, 0, 0, 0]).op('v128.and').mem('v128.store');
  });
  return f;
}
