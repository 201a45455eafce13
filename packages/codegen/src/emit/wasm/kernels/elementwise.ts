/**
 * Element-wise add or mul of two tensors with an activation: out = act(a ∘ b). `b` either has the
 * output's shape, or is one value per channel ([N, C, 1, 1], as a squeeze-and-excitation scale),
 * or is absent (the activation alone).
 *
 * Each row's interior is W·lanes(C) contiguous floats in every operand, so a row is one vector loop
 * with a pointer per operand, whatever the operands' borders; with a per-channel `b` the loop is
 * per pixel over channel vectors instead.
 */
import { FunctionBuilder } from '../encoder.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';
import { emitActivation, type Activation } from './epilogue.js';

export interface ElementwiseParams {
  name: string;
  op: 'add' | 'mul';
  a: NhwcBuffer;
  /** Same shape as `a`, or 1×1 per image with `a`'s channels; absent for an activation alone. */
  b?: NhwcBuffer;
  output: NhwcBuffer;
  activation?: Activation;
}

export function elementwiseKernel(p: ElementwiseParams): FunctionBuilder {
  const { a, b, output } = p;
  const same = (x: NhwcBuffer) => x.batch === output.batch && x.height === output.height && x.width === output.width && x.channels === output.channels;
  if (!same(a)) throw new Error(`${p.name}: the first operand's shape differs from the output's`);
  const perChannel = b !== undefined && !same(b);
  if (b && perChannel && (b.height !== 1 || b.width !== 1 || b.channels !== output.channels || b.batch !== output.batch)) {
    throw new Error(`${p.name}: the second operand must have the output's shape or be [N, C, 1, 1]`);
  }
  const aS = stridesOf(a);
  const bS = b ? stridesOf(b) : undefined;
  const outS = stridesOf(output);
  const vectorBytes = 4 * lanes(output.channels);
  const rowBytes = output.width * vectorBytes;
  const f = new FunctionBuilder(p.name);
  f.comment(`${b ? p.op : 'activation'} on ${output.batch}×${output.height}×${output.width}×${output.channels}${perChannel ? ', second operand per channel' : ''}`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const i = f.local('i', 'i32');
  const end = f.local('end', 'i32');
  const pa = f.local('pa', 'i32');
  const pb = f.local('pb', 'i32');
  const po = f.local('po', 'i32');
  const value = f.local('value', 'v128');
  const temp = f.local('tmp', 'v128');
  const combine = (bPointer: typeof pb, offset: number) => {
    f.get(pa).mem('v128.load', { offset }).set(value);
    if (b) f.get(value).get(bPointer).mem('v128.load', { offset: perChannel ? 0 : offset }).op(p.op === 'add' ? 'f32x4.add' : 'f32x4.mul').set(value);
    emitActivation(f, p.activation, value, temp);
    f.get(po).get(value).mem('v128.store', { offset });
  };
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, output.batch, () => {
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, output.height, () => {
      const rowStart = (buffer: NhwcBuffer, strides: { row: number; image: number }, local: typeof pa) => {
        f.get(n).i32(strides.image).op('i32.mul').get(y).i32(strides.row).op('i32.mul').op('i32.add').i32(buffer.offset).op('i32.add').set(local);
      };
      rowStart(a, aS, pa);
      rowStart(output, outS, po);
      if (b && bS && !perChannel) rowStart(b, bS, pb);
      if (!perChannel) {
        f.setTo(i, 0);
        f.countedLoop('vectors', i, 16, rowBytes, () => {
          combine(pb, 0);
          f.addTo(pa, 16).addTo(po, 16);
          if (b) f.addTo(pb, 16);
        });
        return;
      }
      // Per-channel b: for each pixel, walk the channel vectors with b's pointer in step.
      f.setTo(i, 0);
      f.countedLoop('pixels', i, 1, output.width, () => {
        f.get(n).i32(bS!.image).op('i32.mul').i32(b!.offset).op('i32.add').set(pb);
        f.get(pb).i32(vectorBytes).op('i32.add').set(end);
        f.countedLoop('channels', pb, 16, end, () => {
          combine(pb, 0);
          f.addTo(pa, 16).addTo(po, 16);
        });
        f.addTo(pa, aS.pixel - vectorBytes).addTo(po, outS.pixel - vectorBytes);
      });
    });
  });
  return f;
}
