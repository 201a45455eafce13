/**
 * Element-wise add, mul, sub or div of two tensors with an activation, out = act(a ∘ b), with NumPy
 * broadcasting on the 4-D [N, C, H, W] views (the interpreter's `add` / `mul`): each dimension of
 * each operand is the output's or 1, and a dimension of 1 repeats. `b` may be absent (the
 * activation alone).
 *
 * Broadcasting in NHWC is a stride of zero: an operand of height 1 keeps its row pointer, one of
 * width 1 its pixel pointer, one of batch 1 its image base; one with a single channel against many
 * is splatted across the lanes (`v128.load32_splat`), so every case still runs four channels per
 * instruction. The per-channel scale of squeeze-and-excitation ([N, C, 1, 1]) is the case H = W = 1.
 *
 * When every operand has the output's shape and its own pixels (no channel slice), a row's interior
 * is W·lanes(C) contiguous floats in each, whatever the borders, and the kernel runs one vector
 * loop per row; otherwise it walks pixels, and the channel vectors of each.
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { isDense, lanes, stridesOf, type NhwcBuffer, type Strides } from './buffer.js';
import { emitActivation, type Activation } from './epilogue.js';
import type { BinaryOp } from '../../../plan/program.js';

export interface ElementwiseParams {
  name: string;
  op: BinaryOp;
  /** Each dimension the output's or 1. */
  a: NhwcBuffer;
  /** Each dimension the output's or 1; absent for an activation alone. */
  b?: NhwcBuffer;
  output: NhwcBuffer;
  activation?: Activation;
}

const dims = ['batch', 'height', 'width', 'channels'] as const;

/** How one operand is read: a stride of 0 along each axis it broadcasts, splatted if its one channel repeats. */
interface Operand {
  buffer: NhwcBuffer;
  strides: Strides;
  image: number;
  row: number;
  pixel: number;
  splat: boolean;
}

function operand(name: string, which: string, buffer: NhwcBuffer, output: NhwcBuffer): Operand {
  for (const d of dims) {
    if (buffer[d] !== output[d] && buffer[d] !== 1) throw new Error(`${name}: ${which}'s ${d} ${buffer[d]} neither matches the output's ${output[d]} nor is 1`);
  }
  const strides = stridesOf(buffer);
  return {
    buffer, strides,
    image: buffer.batch === output.batch ? strides.image : 0,
    row: buffer.height === output.height ? strides.row : 0,
    pixel: buffer.width === output.width ? strides.pixel : 0,
    splat: buffer.channels !== output.channels,
  };
}

export function elementwiseKernel(p: ElementwiseParams): FunctionBuilder {
  const { output } = p;
  const a = operand(p.name, 'the first operand', p.a, output);
  const b = p.b ? operand(p.name, 'the second operand', p.b, output) : undefined;
  const outS = stridesOf(output);
  const vectorBytes = 4 * lanes(output.channels);
  const full = (x: Operand) => dims.every((d) => x.buffer[d] === output[d]) && isDense(x.buffer);
  const rows = full(a) && (!b || full(b)) && isDense(output);
  const shape = (x: NhwcBuffer) => `${x.batch}×${x.channels}×${x.height}×${x.width}`;

  const f = new FunctionBuilder(p.name);
  f.comment(`${b ? p.op : 'activation'} on [N, C, H, W] = ${b ? `${shape(p.a)} and ${shape(p.b!)}` : shape(p.a)} → ${shape(output)}` +
    `${rows ? ', one vector loop per row' : ', per pixel'}`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const x = f.local('x', 'i32');
  const c = f.local('c', 'i32');
  const pa = f.local('pa', 'i32');
  const pb = f.local('pb', 'i32');
  const po = f.local('po', 'i32');
  const value = f.local('value', 'v128');
  const temp = f.local('tmp', 'v128');

  const load = (x: Operand, pointer: Local, at: Local | undefined) => {
    f.get(pointer);
    if (x.splat) return f.mem('v128.load32_splat');
    if (at) f.get(at).op('i32.add');
    return f.mem('v128.load');
  };
  /** out[c] = act(a[c] ∘ b[c]) with the pointers at the current pixel (or vector, when `at` is absent). */
  const combine = (at: Local | undefined) => {
    load(a, pa, at).set(value);
    if (b) {
      f.get(value);
      load(b, pb, at).op(({ add: 'f32x4.add', mul: 'f32x4.mul', sub: 'f32x4.sub', div: 'f32x4.div' } as const)[p.op]).set(value);
    }
    emitActivation(f, p.activation, value, temp);
    f.get(po);
    if (at) f.get(at).op('i32.add');
    f.get(value).mem('v128.store');
  };
  const rowStart = (buffer: NhwcBuffer, image: number, row: number, local: Local) => {
    f.get(n).i32(image).op('i32.mul').get(y).i32(row).op('i32.mul').op('i32.add').i32(buffer.offset).op('i32.add').set(local);
  };

  f.setTo(n, 0);
  f.countedLoop('images', n, 1, output.batch, () => {
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, output.height, () => {
      rowStart(p.a, a.image, a.row, pa);
      if (b && p.b) rowStart(p.b, b.image, b.row, pb);
      rowStart(output, outS.image, outS.row, po);
      if (rows) {
        // Same shape, own pixels: the row's interior is contiguous in every operand.
        f.setTo(x, 0);
        f.countedLoop('vectors', x, 16, output.width * vectorBytes, () => {
          combine(undefined);
          f.addTo(pa, 16).addTo(po, 16);
          if (b) f.addTo(pb, 16);
        });
        return;
      }
      f.setTo(x, 0);
      f.countedLoop('pixels', x, 1, output.width, () => {
        if (vectorBytes === 16) combine(undefined);
        else {
          f.setTo(c, 0);
          f.countedLoop('channels', c, 16, vectorBytes, () => combine(c));
        }
        f.addTo(pa, a.pixel).addTo(po, outS.pixel);
        if (b) f.addTo(pb, b.pixel);
      });
    });
  });
  return f;
}
