/**
 * Copying one NHWC tensor into a region of another: `concat` where placement cannot serve, and
 * graph outputs that must own their values.
 *
 * Placement (buffer.ts's `channelSlice`) makes a channel concat free when every input but the last
 * has a multiple of 4 channels: each producer writes its slice. This kernel does the rest: a concat
 * along N, H or W (the source lands at an image, row or column offset), and along C at an offset that
 * is not a multiple of 4. It copies
 *
 *   destination[n0 + n, y0 + y, x0 + x, c0 + c] = source[n, y, x, c]   over the source's interior,
 *
 * whole vectors where they lie inside the source's channels (v128 loads and stores; unaligned ones
 * when c0 mod 4 ≠ 0, which wasm allows), the last C mod 4 channels one float each, so it never writes
 * a channel outside [c0, c0 + C) — another input's. When the copy ends at the destination's last
 * channel, the destination's padding lanes are set to zero (they must stay finite). A source whose
 * pixels, and the destination's, are exactly lanes(C) floats with c0 = 0 is copied one row at a time
 * with `memory.copy`.
 */
import { FunctionBuilder } from '../encoder.js';
import { isDense, lanes, stridesOf, type NhwcBuffer } from './buffer.js';

export interface CopyParams {
  name: string;
  source: NhwcBuffer;
  destination: NhwcBuffer;
  /** Where the source's (0, 0, 0, 0) lands in the destination; zeros by default. */
  at?: { batch?: number; y?: number; x?: number; channel?: number };
}

export function copyKernel(p: CopyParams): FunctionBuilder {
  const { source, destination } = p;
  const n0 = p.at?.batch ?? 0;
  const y0 = p.at?.y ?? 0;
  const x0 = p.at?.x ?? 0;
  const c0 = p.at?.channel ?? 0;
  if (n0 + source.batch > destination.batch || y0 + source.height > destination.height || x0 + source.width > destination.width || c0 + source.channels > destination.channels) {
    throw new Error(`${p.name}: a [${source.batch}, ${source.channels}, ${source.height}, ${source.width}] source at (${n0}, ${c0}, ${y0}, ${x0}) does not fit a [${destination.batch}, ${destination.channels}, ${destination.height}, ${destination.width}] destination`);
  }
  const srcS = stridesOf(source);
  const dstS = stridesOf(destination);
  const channels = source.channels;
  const lastChannel = c0 + channels === destination.channels;
  const padding = lastChannel ? lanes(destination.channels) - destination.channels : 0;
  // Whole pixels at once when both sides hold exactly lanes(C) floats per pixel of the same C channels.
  const rows = c0 === 0 && channels === destination.channels && isDense(source) && isDense(destination);
  // Whole vectors where the source's lanes map onto the destination's without reaching another input's channels.
  const vectors = c0 % 4 === 0 && (channels % 4 === 0 || lastChannel) ? lanes(channels) / 4 : Math.floor(channels / 4);
  const scalars = c0 % 4 === 0 && lastChannel ? 0 : channels - 4 * vectors;
  // Vectors copy lanes(C) floats when the source's padding lanes land on the destination's (c0 mod 4 = 0, last channel).
  const padsWithVectors = c0 % 4 === 0 && lastChannel && channels % 4 !== 0;
  const zeroed = padding > 0 && !padsWithVectors ? padding : 0;

  const f = new FunctionBuilder(p.name);
  const how = rows ? 'memory.copy per row' : `${vectors} vector(s)${scalars ? ` and ${scalars} float(s)` : ''} per pixel${zeroed ? `, ${zeroed} padding lane(s) zeroed` : ''}`;
  f.comment(`copy [${source.batch}, ${channels}, ${source.height}, ${source.width}] into [${destination.batch}, ${destination.channels}, ${destination.height}, ${destination.width}] at (${n0}, ${c0}, ${y0}, ${x0}): ${how}`);
  const n = f.local('n', 'i32');
  const y = f.local('y', 'i32');
  const x = f.local('x', 'i32');
  const src = f.local('src', 'i32');
  const dst = f.local('dst', 'i32');
  const srcRow = f.local('src_row', 'i32');
  const dstRow = f.local('dst_row', 'i32');
  const c = f.local('c', 'i32');
  const origin = destination.offset + n0 * dstS.image + y0 * dstS.row + x0 * dstS.pixel + 4 * c0;

  const pixel = () => {
    if (vectors === 1) f.get(dst).get(src).mem('v128.load', { align: 4 }).mem('v128.store', { align: 4 });
    else if (vectors > 1) {
      f.setTo(c, 0);
      f.countedLoop('vectors', c, 16, 16 * vectors, () => {
        f.get(dst).get(c).op('i32.add').get(src).get(c).op('i32.add').mem('v128.load').mem('v128.store', { align: 4 });
      });
    }
    for (let k = 0; k < scalars; k++) f.get(dst).get(src).mem('f32.load', { offset: 16 * vectors + 4 * k }).mem('f32.store', { offset: 16 * vectors + 4 * k });
    for (let k = 0; k < zeroed; k++) f.get(dst).f32(0).mem('f32.store', { offset: 4 * (channels + k) });
  };

  f.setTo(n, 0);
  f.countedLoop('images', n, 1, source.batch, () => {
    f.get(n).i32(srcS.image).op('i32.mul').i32(source.offset).op('i32.add').set(srcRow);
    f.get(n).i32(dstS.image).op('i32.mul').i32(origin).op('i32.add').set(dstRow);
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, source.height, () => {
      if (rows) f.get(dstRow).get(srcRow).i32(source.width * srcS.pixel).copy();
      else {
        f.get(srcRow).set(src).get(dstRow).set(dst).setTo(x, 0);
        f.countedLoop('pixels', x, 1, source.width, () => {
          pixel();
          f.addTo(src, srcS.pixel).addTo(dst, dstS.pixel);
        });
      }
      f.addTo(srcRow, srcS.row).addTo(dstRow, dstS.row);
    });
  });
  return f;
}
