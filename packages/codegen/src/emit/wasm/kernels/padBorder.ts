/**
 * Padding modes other than zeros for a convolution: the border of an NHWC buffer filled from its
 * interior, so the convolution then reads it as it reads zero padding. PyTorch pads first (F.pad)
 * and convolves the padded tensor; along each axis a position outside [0, L) takes the value of
 * position `sourceIndex(i, L, mode)` — the interpreter's `padIndex` (runtime's interpreter/kernels/
 * conv2d.ts, the definition; the tests compare the two through a convolution per mode):
 *
 *   replicate  the nearest edge: 0 or L − 1
 *   circular   wrap around: i mod L
 *   reflect    mirror without repeating the edge, with period 2(L − 1): −1 → 1, L → L − 2
 *
 * The mapping is per axis, so a corner takes (source row, source column). Two steps per image:
 * first the left and right border columns of every interior row (each a copy of one interior pixel
 * of that row, displacements known at build time), then the top and bottom border rows, each a copy
 * of the whole stored span of an interior row, which by then has its side columns. Border depths
 * are per side, as a convolution's padding may be uneven ('same' with an even kernel).
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { isDense, lanes, stridesOf, type Border, type NhwcBuffer } from './buffer.js';

export type PaddingMode = 'reflect' | 'replicate' | 'circular';

export interface PadBorderParams {
  name: string;
  buffer: NhwcBuffer;
  mode: PaddingMode;
  /** How deep to fill on each side: the convolution's padding; the whole stored border by default. */
  depth?: Border;
}

/** The interior position a border position `index` takes its value from (see the header). */
export function sourceIndex(index: number, length: number, mode: PaddingMode): number {
  if (index >= 0 && index < length) return index;
  switch (mode) {
    case 'replicate': return index < 0 ? 0 : length - 1;
    case 'circular': return ((index % length) + length) % length;
    case 'reflect': {
      const period = 2 * (length - 1);
      if (period === 0) return 0;
      const i = ((index % period) + period) % period;
      return i >= length ? period - i : i;
    }
  }
}

export function padBorderKernel(p: PadBorderParams): FunctionBuilder {
  const { buffer, mode } = p;
  const depth = p.depth ?? buffer.border;
  const { top, bottom, left, right } = depth;
  const b = buffer.border;
  if (top > b.top || bottom > b.bottom || left > b.left || right > b.right) {
    throw new Error(`${p.name}: padding ${top}/${bottom}/${left}/${right} is deeper than the stored border ${b.top}/${b.bottom}/${b.left}/${b.right}`);
  }
  const s = stridesOf(buffer);
  const vectorBytes = 4 * lanes(buffer.channels);
  const dense = isDense(buffer);
  const f = new FunctionBuilder(p.name);
  f.comment(`${mode} padding ${top}/${bottom}/${left}/${right} of ${buffer.batch}×${buffer.height}×${buffer.width}×${buffer.channels}: side columns, then border rows`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const image = f.local('image', 'i32');
  const rowPtr = f.local('row', 'i32');
  const from = f.local('from', 'i32');
  const to = f.local('to', 'i32');
  const end = f.local('end', 'i32');
  const c = f.local('c', 'i32');

  /** One pixel's vectors from `source` + sourceOffset to `target` + targetOffset (constant displacements). */
  const copyPixel = (source: Local, sourceOffset: number, target: Local, targetOffset: number) => {
    const one = (at: Local | undefined) => {
      f.get(target);
      if (at) f.get(at).op('i32.add');
      f.get(source);
      if (at) f.get(at).op('i32.add');
      f.mem('v128.load', { offset: sourceOffset }).mem('v128.store', { offset: targetOffset });
    };
    if (vectorBytes === 16) one(undefined);
    else {
      f.setTo(c, 0);
      f.countedLoop('vectors', c, 16, vectorBytes, () => one(c));
    }
  };

  const columns = [...Array.from({ length: left }, (_, i) => -left + i), ...Array.from({ length: right }, (_, i) => buffer.width + i)];
  const rows = [...Array.from({ length: top }, (_, i) => -top + i), ...Array.from({ length: bottom }, (_, i) => buffer.height + i)];
  // The span a border row copies: every stored column the convolution can read.
  const spanStart = -left;
  const spanPixels = left + buffer.width + right;

  f.setTo(n, 0);
  f.countedLoop('images', n, 1, buffer.batch, () => {
    f.get(n).i32(s.image).op('i32.mul').i32(buffer.offset).op('i32.add').set(image);
    if (columns.length > 0) {
      // rowPtr at the row's leftmost filled column, so every displacement is ≥ 0.
      f.get(image).i32(-left * s.pixel).op('i32.add').set(rowPtr).setTo(y, 0);
      f.countedLoop('rows', y, 1, buffer.height, () => {
        for (const x of columns) {
          const source = sourceIndex(x, buffer.width, mode);
          f.comment(`column ${x} ← column ${source}`);
          copyPixel(rowPtr, (source + left) * s.pixel, rowPtr, (x + left) * s.pixel);
        }
        f.addTo(rowPtr, s.row);
      });
    }
    for (const row of rows) {
      const source = sourceIndex(row, buffer.height, mode);
      f.comment(`row ${row} ← row ${source}`);
      f.get(image).i32(source * s.row + spanStart * s.pixel).op('i32.add').set(from);
      f.get(image).i32(row * s.row + spanStart * s.pixel).op('i32.add').set(to);
      if (dense) {
        // The span is contiguous in both rows.
        f.get(to).get(from).i32(spanPixels * s.pixel).copy();
      } else {
        f.get(to).i32(spanPixels * s.pixel).op('i32.add').set(end);
        f.loop('span', () => {
          copyPixel(from, 0, to, 0);
          f.addTo(from, s.pixel).addTo(to, s.pixel);
          f.get(to).get(end).op('i32.ne').brIf('span');
        });
      }
    }
  });
  return f;
}
