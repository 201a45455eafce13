/**
 * Nearest-neighbour upsampling by integer factors (sy, sx): out[y, x] = in[⌊y/sy⌋, ⌊x/sx⌋].
 *
 * In NHWC a pixel's channels are whole vectors, so each input vector is loaded once per output row
 * it lands in and stored sx times at constant displacements; the sy output rows of one input row
 * are written from the same input row. It writes only the output's interior and own lanes, so the
 * output can be a channel slice of a concat (a U-Net's skip connection).
 */
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
