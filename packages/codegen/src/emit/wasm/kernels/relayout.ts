/**
 * A general relayout: the values of one 4-D view, in row-major [N, C, H, W] order, into another view
 * of the same element count, in its row-major order — reshape and flatten when the consumer cannot
 * read the source as it is (the compiler maps every value to a 4-D view; a flatten of [N, C, H, W]
 * to [N, C·H·W] is the view [N, C·H·W, 1, 1], whose channels interleave differently in NHWC).
 *
 * Element i of the source sits at (n, c, y, x) = the mixed-radix digits of i in (N, C, H, W), and
 * lands at the digits of i in (N′, C′, H′, W′). The kernel walks the source in that order — x
 * innermost, one scalar load and store per element — and carries the destination's digits along:
 * x′ + 1, and when it wraps, y′ + 1, and so on, each wrap a compare and a pointer adjustment by a
 * constant. Plain scalar loops: these copies run once per reshape, off the hot convolutions (a
 * layer that reads its input as it lies, like `linear` after `flatten`, needs none). The
 * destination's padding lanes are zeroed at the end, so they stay finite.
 */
import { FunctionBuilder } from '../encoder.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';

export interface RelayoutParams {
  name: string;
  source: NhwcBuffer;
  /** Any [N′, C′, H′, W′] with N′·C′·H′·W′ = N·C·H·W. */
  destination: NhwcBuffer;
}

const count = (b: NhwcBuffer) => b.batch * b.channels * b.height * b.width;

export function relayoutKernel(p: RelayoutParams): FunctionBuilder {
  const { source, destination } = p;
  if (count(source) !== count(destination)) throw new Error(`${p.name}: ${count(source)} elements cannot become ${count(destination)}`);
  const srcS = stridesOf(source);
  const dstS = stridesOf(destination);
  const f = new FunctionBuilder(p.name);
  f.comment(`relayout [${source.batch}, ${source.channels}, ${source.height}, ${source.width}] → [${destination.batch}, ${destination.channels}, ${destination.height}, ${destination.width}] in row-major order`);
  const plane = f.local('plane', 'i32');
  const y = f.local('y', 'i32');
  const x = f.local('x', 'i32');
  const src = f.local('src', 'i32');
  const row = f.local('row', 'i32');
  const dst = f.local('dst', 'i32');
  const dx = f.local('dx', 'i32');
  const dy = f.local('dy', 'i32');
  const dc = f.local('dc', 'i32');
  const end = f.local('end', 'i32');

  /** Advance the destination by one element in row-major order: bump the lowest digit, carry on wrap. */
  const step = () => {
    f.addTo(dst, dstS.pixel).addTo(dx, 1);
    f.get(dx).i32(destination.width).op('i32.eq').ifElse(() => {
      f.setTo(dx, 0).addTo(dst, dstS.row - destination.width * dstS.pixel).addTo(dy, 1);
      f.get(dy).i32(destination.height).op('i32.eq').ifElse(() => {
        f.setTo(dy, 0).addTo(dst, 4 - destination.height * dstS.row).addTo(dc, 1);
        f.get(dc).i32(destination.channels).op('i32.eq').ifElse(() => {
          // The next image: back to channel 0 of its pixel (0, 0).
          f.setTo(dc, 0).addTo(dst, dstS.image - 4 * destination.channels);
        });
      });
    });
  };

  // Source planes (n, c) in order; within each, rows and pixels.
  f.setTo(dst, destination.offset).setTo(plane, 0);
  f.countedLoop('planes', plane, 1, source.batch * source.channels, () => {
    // row = source.offset + n·image + 4c with n = plane / C, c = plane mod C.
    f.get(plane).i32(source.channels).op('i32.div_u').i32(srcS.image).op('i32.mul');
    f.get(plane).i32(source.channels).op('i32.rem_u').i32(4).op('i32.mul').op('i32.add').i32(source.offset).op('i32.add').set(row);
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, source.height, () => {
      f.get(row).set(src).setTo(x, 0);
      f.countedLoop('pixels', x, 1, source.width, () => {
        f.get(dst).get(src).mem('f32.load').mem('f32.store');
        f.addTo(src, srcS.pixel);
        step();
      });
      f.addTo(row, srcS.row);
    });
  });

  const padding = lanes(destination.channels) - destination.channels;
  if (padding > 0) {
    f.comment('zeros in the destination\'s padding lanes');
    f.setTo(plane, 0);
    f.countedLoop('pad_images', plane, 1, destination.batch, () => {
      f.get(plane).i32(dstS.image).op('i32.mul').i32(destination.offset).op('i32.add').set(row);
      f.setTo(y, 0);
      f.countedLoop('pad_rows', y, 1, destination.height, () => {
        f.get(row).tee(dst).i32(destination.width * dstS.pixel).op('i32.add').set(end);
        f.countedLoop('pad_pixels', dst, dstS.pixel, end, () => {
          for (let k = 0; k < padding; k++) f.get(dst).f32(0).mem('f32.store', { offset: 4 * (destination.channels + k) });
        });
        f.addTo(row, dstS.row);
      });
    });
  }
  return f;
}
