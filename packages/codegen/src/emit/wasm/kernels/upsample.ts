/**
 * Nearest-neighbour upsampling by integer factors (sy, sx): out[y, x] = in[⌊y/sy⌋, ⌊x/sx⌋].
 *
 * In NHWC a pixel's channels are whole vectors, so each input vector is loaded once per output row
 * it lands in and stored sx times at constant displacements; the sy output rows of one input row
 * are written from the same input row. It writes only the output's interior and own lanes, so the
 * output can be a channel slice of a concat (a U-Net's skip connection).
 */
import type { UpsampleTap } from '@stride/runtime';
import { FunctionBuilder } from '../encoder.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';

export interface UpsampleParams {
  name: string;
  input: NhwcBuffer;
  /** [N, C, H·sy, W·sx]. */
  output: NhwcBuffer;
  scale: [number, number];
}

export function upsampleKernel(p: UpsampleParams): FunctionBuilder {
  const { input, output } = p;
  const [sy, sx] = p.scale;
  if (!Number.isInteger(sy) || !Number.isInteger(sx) || sy < 1 || sx < 1) throw new Error(`${p.name}: scale factors must be positive integers, not ${sy}×${sx}`);
  if (output.height !== input.height * sy || output.width !== input.width * sx || output.channels !== input.channels || output.batch !== input.batch) {
    throw new Error(`${p.name}: a ${sy}×${sx} upsampling of ${input.height}×${input.width} is ${input.height * sy}×${input.width * sx}, not ${output.height}×${output.width}`);
  }
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const vectorBytes = 4 * lanes(input.channels);
  const f = new FunctionBuilder(p.name);
  f.comment(`upsample nearest ×${sy}×${sx}: [${input.batch}, ${input.channels}, ${input.height}, ${input.width}] → ${output.height}×${output.width}`);
  const n = f.local('n', 'i32');
  const iy = f.local('iy', 'i32');
  const r = f.local('r', 'i32');
  const ix = f.local('ix', 'i32');
  const c = f.local('c', 'i32');
  const inRow = f.local('in_row', 'i32');
  const outRow = f.local('out_row', 'i32');
  const inPix = f.local('in_px', 'i32');
  const outPix = f.local('out_px', 'i32');
  const value = f.local('value', 'v128');

  // One input pixel's vectors, each stored at the sx output pixels it covers.
  const pixel = () => {
    const copy = (at: typeof c | undefined) => {
      f.get(inPix);
      if (at) f.get(at).op('i32.add');
      f.mem('v128.load').set(value);
      for (let j = 0; j < sx; j++) {
        f.get(outPix);
        if (at) f.get(at).op('i32.add');
        f.get(value).mem('v128.store', { offset: j * outS.pixel });
      }
    };
    if (vectorBytes === 16) copy(undefined);
    else {
      f.setTo(c, 0);
      f.countedLoop('channels', c, 16, vectorBytes, () => copy(c));
    }
  };
  const outputRow = () => {
    f.get(inRow).set(inPix).get(outRow).set(outPix).setTo(ix, 0);
    f.countedLoop('pixels', ix, 1, input.width, () => {
      pixel();
      f.addTo(inPix, inS.pixel).addTo(outPix, sx * outS.pixel);
    });
    f.addTo(outRow, outS.row);
  };
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, input.batch, () => {
    f.get(n).i32(inS.image).op('i32.mul').i32(input.offset).op('i32.add').set(inRow);
    f.get(n).i32(outS.image).op('i32.mul').i32(output.offset).op('i32.add').set(outRow);
    f.setTo(iy, 0);
    f.countedLoop('rows', iy, 1, input.height, () => {
      if (sy === 1) outputRow();
      else {
        f.setTo(r, 0);
        f.countedLoop('repeats', r, 1, sy, outputRow);
      }
      f.addTo(inRow, inS.row);
    });
  });
  return f;
}

/**
 * Resampling by tables: fractional nearest and bilinear upsampling (and downsampling), to any output
 * size. The compiler knows every size, so it computes each output row's and column's source taps
 * once — the runtime's `upsampleTaps`, the interpreter's own arithmetic — and bakes them into the
 * module as data: per output row [byte offset of row i0, of row i1, w0, w1] and per output column
 * [byte offset of pixel i0, of pixel i1, w0, w1], 16 bytes each (`packResampleTables`). Per output
 * pixel the kernel then reads four input pixels a vector of channels at a time:
 *
 *   out = w0ʸ · (w0ˣ · in[i0ʸ, i0ˣ] + w1ˣ · in[i0ʸ, i1ˣ]) + w1ʸ · (w0ˣ · in[i1ʸ, i0ˣ] + w1ˣ · in[i1ʸ, i1ˣ])
 *
 * nested as PyTorch nests it, zero weights included (a NaN neighbour spreads as there); nearest reads
 * in[i0ʸ, i0ˣ] alone. It writes the output's interior and own lanes only, as the integer kernel above.
 */
export interface ResampleParams {
  name: string;
  mode: 'nearest' | 'bilinear';
  input: NhwcBuffer;
  output: NhwcBuffer;
  /** Byte addresses of `packResampleTables`'s row and column tables. */
  rows: number;
  columns: number;
}

/** One axis's taps as the kernel reads them: byte offsets (source index × `stride`) and the two weights. */
export function packResampleTable(taps: readonly UpsampleTap[], stride: number): Uint8Array {
  const bytes = new Uint8Array(16 * taps.length);
  const view = new DataView(bytes.buffer);
  taps.forEach((tap, i) => {
    view.setInt32(16 * i, tap.i0 * stride, true);
    view.setInt32(16 * i + 4, tap.i1 * stride, true);
    view.setFloat32(16 * i + 8, tap.w0, true);
    view.setFloat32(16 * i + 12, tap.w1, true);
  });
  return bytes;
}

export function resampleKernel(p: ResampleParams): FunctionBuilder {
  const { input, output } = p;
  if (output.channels !== input.channels || output.batch !== input.batch) throw new Error(`${p.name}: resampling keeps batch and channels`);
  const inS = stridesOf(input);
  const outS = stridesOf(output);
  const vectorBytes = 4 * lanes(input.channels);
  const f = new FunctionBuilder(p.name);
  f.comment(`upsample ${p.mode} by tables: [${input.batch}, ${input.channels}, ${input.height}, ${input.width}] → ${output.height}×${output.width}`);
  const n = f.local('n', 'i32');
  const oy = f.local('oy', 'i32');
  const ox = f.local('ox', 'i32');
  const c = f.local('c', 'i32');
  const image = f.local('image', 'i32');
  const [row0, row1, p00, p01, p10, p11, outPix] = ['row0', 'row1', 'p00', 'p01', 'p10', 'p11', 'out_px'].map((name) => f.local(name, 'i32'));
  const [wy0, wy1, wx0, wx1] = ['wy0', 'wy1', 'wx0', 'wx1'].map((name) => f.local(name, 'v128'));
  const bilinear = p.mode === 'bilinear';
  /** The table entry of `index` at `table`: its i32 at byte `at`, or its f32 at `at` splat to four lanes. */
  const entry = (table: number, index: typeof n, at: number, type: 'i32' | 'f32') => {
    f.get(index).i32(16).op('i32.mul');
    if (type === 'i32') f.mem('i32.load', { offset: table + at });
    else f.mem('v128.load32_splat', { offset: table + at });
  };
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, input.batch, () => {
    f.get(n).i32(inS.image).op('i32.mul').i32(input.offset).op('i32.add').set(image);
    f.setTo(oy, 0);
    f.countedLoop('rows', oy, 1, output.height, () => {
      entry(p.rows, oy, 0, 'i32');
      f.get(image).op('i32.add').set(row0);
      if (bilinear) {
        entry(p.rows, oy, 4, 'i32');
        f.get(image).op('i32.add').set(row1);
        entry(p.rows, oy, 8, 'f32');
        f.set(wy0);
        entry(p.rows, oy, 12, 'f32');
        f.set(wy1);
      }
      f.get(n).i32(outS.image).op('i32.mul').get(oy).i32(outS.row).op('i32.mul').op('i32.add').i32(output.offset).op('i32.add').set(outPix);
      f.setTo(ox, 0);
      f.countedLoop('columns', ox, 1, output.width, () => {
        entry(p.columns, ox, 0, 'i32');
        f.get(row0).op('i32.add').set(p00);
        if (bilinear) {
          entry(p.columns, ox, 4, 'i32');
          f.get(row0).op('i32.add').set(p01);
          f.get(p00).get(row0).op('i32.sub').get(row1).op('i32.add').set(p10);
          f.get(p01).get(row0).op('i32.sub').get(row1).op('i32.add').set(p11);
          entry(p.columns, ox, 8, 'f32');
          f.set(wx0);
          entry(p.columns, ox, 12, 'f32');
          f.set(wx1);
        }
        f.setTo(c, 0);
        f.countedLoop('channels', c, 16, vectorBytes, () => {
          f.get(outPix).get(c).op('i32.add');
          const load = (pixel: typeof c) => f.get(pixel).get(c).op('i32.add').mem('v128.load');
          if (!bilinear) load(p00);
          else {
            f.get(wy0);
            f.get(wx0); load(p00); f.op('f32x4.mul');
            f.get(wx1); load(p01); f.op('f32x4.mul');
            f.op('f32x4.add').op('f32x4.mul');
            f.get(wy1);
            f.get(wx0); load(p10); f.op('f32x4.mul');
            f.get(wx1); load(p11); f.op('f32x4.mul');
            f.op('f32x4.add').op('f32x4.mul');
            f.op('f32x4.add');
          }
          f.mem('v128.store');
        });
        f.addTo(outPix, outS.pixel);
      });
    });
  });
  return f;
}
