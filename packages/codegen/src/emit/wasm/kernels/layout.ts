/**
 * Layout conversion at the network's edges and border upkeep.
 *
 * Users hand in NCHW and read NCHW; inside, tensors are bordered NHWC (buffer.ts). The network's
 * input is converted once and its outputs once, so these loops are plain — scalar, except an RGB
 * input's, which shuffles four pixels at a time (a 224² image: 0.32 ms scalar, 59 µs so).
 * `nchwToNhwc` also writes zeros into the padding lanes, so the buffer's invariant holds whatever
 * the arena held before.
 *
 * Borders: a buffer placed in a reused arena region must get its border back before a consumer
 * reads it (zeros for a convolution's padding, −∞ for max pooling). `fillBorderKernel` writes the
 * border bands only, one vector at a time.
 */
import { FunctionBuilder, type Local } from '../encoder.js';
import { isDense, lanes, stridesOf, type NhwcBuffer } from './buffer.js';

export interface LayoutParams {
  name: string;
  /** Byte address of the dense NCHW tensor (float32). */
  nchw: number;
  nhwc: NhwcBuffer;
}

/**
 * Copies dense NCHW at `nchw` into the interior of `nhwc`, padding lanes zeroed: `name(from, to)`
 * over image rows [from, to) of batch × height, so threads can share it (a 224² RGB input took
 * 0.37 ms, all of it on one thread while the other waited). Row by row, each row's channels in
 * turn: the dense side is read a row of a plane at a time.
 */
export function nchwToNhwcKernel(p: LayoutParams): FunctionBuilder {
  const { batch, height, width, channels } = p.nhwc;
  const packed = p.nhwc.packed === true;
  const s = stridesOf(p.nhwc, { packed });
  const f = new FunctionBuilder(p.name, { from: 'i32', to: 'i32' });
  f.range = { units: batch * height, unit: 'rows', rest: [] };
  f.idle = [0, 0];
  const [from, to] = f.params;
  f.comment(`NCHW → NHWC${packed ? ` packed (${channels} floats per pixel)` : ''}, ${batch}×${channels}×${height}×${width}: image rows [from, to) of ${batch * height}`);
  const unit = f.local('unit', 'i32');
  const c = f.local('c', 'i32');
  const x = f.local('x', 'i32');
  const dense = f.local('dense', 'i32');
  const row = f.local('row', 'i32');
  const at = f.local('at', 'i32');
  const end = f.local('end', 'i32');
  f.get(from).set(unit);
  f.get(from).get(to).op('i32.lt_s').ifElse(() => f.countedLoop('rows', unit, 1, to, () => {
    // Image n = unit / H, row y = unit mod H: row = offset + n·image + y·row; dense = nchw + 4W·(n·C·H + y).
    f.get(unit).i32(height).op('i32.div_u').i32(s.image).op('i32.mul');
    f.get(unit).i32(height).op('i32.rem_u').i32(s.row).op('i32.mul').op('i32.add');
    f.i32(p.nhwc.offset).op('i32.add').set(row);
    f.get(unit).i32(height).op('i32.div_u').i32(channels * height).op('i32.mul');
    f.get(unit).i32(height).op('i32.rem_u').op('i32.add').i32(4 * width).op('i32.mul').i32(p.nchw).op('i32.add').set(dense);
    if (rgbLayout(p.nhwc)) {
      f.get(row).set(at);
      rgbRow(f, { at, dense, x, width, plane: 4 * width * height }, packed);
      return;
    }
    f.setTo(c, 0);
    f.countedLoop('channels', c, 1, channels, () => {
      f.get(row).get(c).i32(4).op('i32.mul').op('i32.add').set(at).setTo(x, 0);
      f.countedLoop('pixels', x, 1, width, () => {
        f.get(at).get(dense).mem('f32.load').mem('f32.store');
        f.addTo(at, s.pixel).addTo(dense, 4);
      });
      // The next plane's same row.
      f.addTo(dense, 4 * width * (height - 1));
    });
    if (!packed && lanes(channels) !== channels) {
      f.get(row).i32(4 * channels).op('i32.add').set(at).get(row).i32(width * s.pixel + 4 * channels).op('i32.add').set(end);
      f.countedLoop('pad_pixels', at, s.pixel, end, () => {
        f.get(at).i32(0).i32(4 * (lanes(channels) - channels)).fill();
      });
    }
  }));
  return f;
}

/** Whether an input converts as RGB (`rgbRow`): 3 channels, each pixel one vector of its own or 3 packed floats. */
export function rgbLayout(nhwc: NhwcBuffer): boolean {
  return nhwc.channels === 3 && stridesOf(nhwc, { packed: true }).pixel === (nhwc.packed ? 12 : 16);
}

/**
 * One image row of a 3-channel input (an RGB image) from `dense` (its red plane's row) to `at` (its
 * first pixel): four pixels at a time from a vector of each plane, rearranged by shuffles (bit for
 * bit, NaN payloads too), then the row's last width mod 4 pixels one by one. Whole-vector pixels
 * are [r g b 0], two per pair of shuffles; packed pixels (buffer.ts) are 3 floats, four of them the
 * three vectors [r0 g0 b0 r1] [g1 b1 r2 g2] [b2 r3 g3 b3], each two shuffles. A 224² image took
 * 0.32 ms with a scalar copy per channel and a memory.fill per pixel for the padding lane.
 */
function rgbRow(f: FunctionBuilder, v: { at: Local; dense: Local; x: Local; width: number; plane: number }, packed: boolean): void {
  const { at, dense, x, width, plane } = v;
  const [r, g, b] = ['r', 'g', 'b'].map((name) => f.local(name, 'v128'));
  const pixel = packed ? 12 : 16;
  // The quad's rearrangement into stores from `at`; lanes 0–3 of a shuffle are its first operand's, 4–7 its second's.
  let quad: () => void;
  if (packed) {
    const pair = f.local('pair', 'v128');
    quad = () => {
      f.get(r).get(g).shuffle32([0, 4, 1, 5]).set(pair); // r0 g0 r1 g1
      f.get(at).get(pair).get(b).shuffle32([0, 1, 4, 2]).mem('v128.store'); // r0 g0 b0 r1
      f.get(g).get(b).shuffle32([1, 5, 2, 6]).set(pair); // g1 b1 g2 b2
      f.get(at).get(pair).get(r).shuffle32([0, 1, 6, 2]).mem('v128.store', { offset: 16 }); // g1 b1 r2 g2
      f.get(r).get(g).shuffle32([3, 7, 3, 7]).set(pair); // r3 g3 r3 g3
      f.get(at).get(pair).get(b).shuffle32([6, 0, 1, 7]).mem('v128.store', { offset: 32 }); // b2 r3 g3 b3
    };
  } else {
    const [zero, low, high] = ['zero', 'low', 'high'].map((name) => f.local(name, 'v128'));
    f.f32x4([0, 0, 0, 0]).set(zero);
    quad = () => {
      // Pixels 0–1, then 2–3: [r g r g] and [b 0 b 0], then [r g b 0] each.
      for (const [half, lanesOf] of [[0, [0, 4, 1, 5]], [1, [2, 6, 3, 7]]] as const) {
        f.get(r).get(g).shuffle32(lanesOf).set(low);
        f.get(b).get(zero).shuffle32(lanesOf).set(high);
        f.get(at).get(low).get(high).shuffle32([0, 1, 4, 5]).mem('v128.store', { offset: 32 * half });
        f.get(at).get(low).get(high).shuffle32([2, 3, 6, 7]).mem('v128.store', { offset: 32 * half + 16 });
      }
    };
  }
  const quads = Math.floor(width / 4);
  if (quads > 0) {
    f.setTo(x, 0);
    f.countedLoop('quads', x, 1, quads, () => {
      f.get(dense).mem('v128.load').set(r);
      f.get(dense).mem('v128.load', { offset: plane }).set(g);
      f.get(dense).mem('v128.load', { offset: 2 * plane }).set(b);
      quad();
      f.addTo(at, 4 * pixel).addTo(dense, 16);
    });
  }
  for (let i = 0; i < width % 4; i++) {
    for (let c = 0; c < 3; c++) f.get(at).get(dense).mem('f32.load', { offset: c * plane }).mem('f32.store', { offset: 4 * c });
    if (!packed) f.get(at).f32(0).mem('f32.store', { offset: 12 });
    f.addTo(at, pixel).addTo(dense, 4);
  }
}

/** Copies the interior of `nhwc` into dense NCHW at `nchw`. */
export function nhwcToNchwKernel(p: LayoutParams): FunctionBuilder {
  const { batch, height, width, channels } = p.nhwc;
  const s = stridesOf(p.nhwc);
  const f = new FunctionBuilder(p.name);
  f.comment(`NHWC → NCHW, ${batch}×${channels}×${height}×${width}`);
  const plane = f.local('plane', 'i32');
  const y = f.local('y', 'i32');
  const x = f.local('x', 'i32');
  const dense = f.local('dense', 'i32');
  const row = f.local('row', 'i32');
  const at = f.local('at', 'i32');
  // Planes (n, c) in NCHW order, so the dense side is written front to back.
  f.setTo(dense, p.nchw).setTo(plane, 0);
  f.countedLoop('planes', plane, 1, batch * channels, () => {
    // row = nhwc.offset + n·image + 4c, with n = plane / C and c = plane mod C.
    f.get(plane).i32(channels).op('i32.div_u').i32(s.image).op('i32.mul');
    f.get(plane).i32(channels).op('i32.rem_u').i32(4).op('i32.mul').op('i32.add');
    f.i32(p.nhwc.offset).op('i32.add').set(row);
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, height, () => {
      f.get(row).set(at).setTo(x, 0);
      f.countedLoop('pixels', x, 1, width, () => {
        f.get(dense).get(at).mem('f32.load').mem('f32.store');
        f.addTo(at, s.pixel).addTo(dense, 4);
      });
      f.addTo(row, s.row);
    });
  });
  return f;
}

export interface FillBorderParams {
  name: string;
  buffer: NhwcBuffer;
  /** The border's value: 0 for zero padding, -Infinity for max pooling. */
  value: number;
}

/**
 * Writes `value` into every border pixel (all of the buffer's lanes) of every image; the interior
 * is untouched. Bands of whole pixels are one vector loop when the pixels are the buffer's own, a
 * loop over pixels and their vectors when the buffer is a channel slice (other slices' lanes are
 * left alone), and a loop over floats when the pixels are packed (C floats each, buffer.ts).
 */
export function fillBorderKernel(p: FillBorderParams): FunctionBuilder {
  const { buffer } = p;
  const { top, bottom, left, right } = buffer.border;
  const packed = buffer.packed === true;
  const s = stridesOf(buffer, { packed });
  const dense = isDense(buffer);
  const vectorBytes = 4 * lanes(buffer.channels);
  const f = new FunctionBuilder(p.name);
  f.comment(`border ${top}/${bottom}/${left}/${right} of ${buffer.batch}×${buffer.height}×${buffer.width}×${buffer.channels} := ${p.value}${dense ? '' : ' (a channel slice)'}`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const at = f.local('at', 'i32');
  const end = f.local('end', 'i32');
  const c = f.local('c', 'i32');
  const value = f.local('value', 'v128');
  f.f32x4([p.value, p.value, p.value, p.value]).set(value);
  // Fills `pixels` consecutive pixels from `at` on; leaves `at` just past them.
  const band = (pixels: number) => {
    if (pixels === 0) return;
    f.get(at).i32(pixels * s.pixel).op('i32.add').set(end);
    if (packed) {
      // Packed pixels (C floats each): a band is whole floats, not whole vectors.
      f.countedLoop('band', at, 4, end, () => {
        f.get(at).f32(p.value).mem('f32.store');
      });
      return;
    }
    if (dense) {
      f.countedLoop('band', at, 16, end, () => {
        f.get(at).get(value).mem('v128.store');
      });
      return;
    }
    f.countedLoop('band', at, s.pixel, end, () => {
      if (vectorBytes === 16) f.get(at).get(value).mem('v128.store');
      else {
        f.setTo(c, 0);
        f.countedLoop('lanes', c, 16, vectorBytes, () => {
          f.get(at).get(c).op('i32.add').get(value).mem('v128.store');
        });
      }
    });
  };
  const rowPixels = left + buffer.width + right;
  const imageStart = buffer.offset - top * s.row - left * s.pixel;
  f.setTo(n, 0);
  f.countedLoop('images', n, 1, buffer.batch, () => {
    const start = (displacement: number) => f.get(n).i32(s.image).op('i32.mul').i32(imageStart + displacement).op('i32.add').set(at);
    start(0);
    band(top * rowPixels);
    if (left + right > 0) {
      f.setTo(y, 0);
      f.countedLoop('sides', y, 1, buffer.height, () => {
        f.get(y).i32(s.row).op('i32.mul').get(n).i32(s.image).op('i32.mul').op('i32.add').i32(imageStart + top * s.row).op('i32.add').set(at);
        band(left);
        f.addTo(at, buffer.width * s.pixel);
        band(right);
      });
    }
    start((top + buffer.height) * s.row);
    band(bottom * rowPixels);
  });
  return f;
}
