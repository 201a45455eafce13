/**
 * pad, slice, permute, pixelShuffle (a `gather` step, plan/gather.ts) over NHWC buffers. The plan's
 * per-dimension tables of source element offsets become four tables of source byte offsets, one per
 * axis of the output's 4-D view (`gatherByteTables`): each plan entry is a sum of input coordinates
 * times row-major strides with no carries between them, so reading its digits back in the input's
 * 4-D view and weighing them by that buffer's strides gives the bytes (a view keeps row-major order).
 * A −1 (constant padding) stays −1; the kernel ORs the entries it adds, so a negative sum's sign
 * says "fill" without any entry's magnitude mattering.
 *
 * The kernel walks the output in memory order (image, row, pixel, channel). When the channels are
 * the input's own, in order (pad, slice on H or W, a permutation of the leading dimensions), each
 * pixel is copied as whole vectors, its padding lanes with it (finite in every buffer); otherwise
 * one scalar load and store per element, and the output's padding lanes are zeroed. Where nothing
 * is filled (permute, pixelShuffle, a slice of channels, a channel shuffle) and a pixel has at most
 * `unrolledChannels` channels, the channel loop is unrolled with every table entry a constant
 * `offset` immediate: each output vector whose channels lie in at most two input vectors is loaded
 * as those and shuffled (`vectorSources`: a channel shuffle's interleave, a slice of whole vectors),
 * any other as four single floats — instead of a table load, a fill test and a branch per element.
 * Pixels whose every vector is a shuffle unroll up to `shuffledChannels`.
 */
import { FunctionBuilder } from '../encoder.js';
import { view4 } from '../layout.js';
import { lanes, stridesOf, type NhwcBuffer } from './buffer.js';

export interface GatherTables {
  batch: number[];
  channels: number[];
  height: number[];
  width: number[];
}

/** The output dimensions each axis of its 4-D view folds (see layout.ts's `view4`). */
function viewAxes(rank: number): [number[], number[], number[], number[]] {
  switch (rank) {
    case 1: return [[], [0], [], []];
    case 2: return [[0], [1], [], []];
    case 3: return [[0], [1], [2], []];
    default: return [Array.from({ length: rank - 3 }, (_, d) => d), [rank - 3], [rank - 2], [rank - 1]];
  }
}

/** The plan's element offsets (`axes`, per output dimension) as byte offsets per axis of the output's 4-D view, read from `input`'s buffer. */
export function gatherByteTables(axes: readonly number[][], inShape: readonly number[], input: NhwcBuffer): GatherTables {
  const view = view4(inShape);
  const strides = stridesOf(input);
  const bytesOf = (element: number): number => {
    if (element < 0) return -1;
    const plane = view.height * view.width;
    const n = Math.floor(element / (view.channels * plane));
    const c = Math.floor(element / plane) % view.channels;
    const y = Math.floor(element / view.width) % view.height;
    const x = element % view.width;
    return n * strides.image + 4 * c + y * strides.row + x * strides.pixel;
  };
  const combine = (dims: number[]): number[] => {
    let sums = [0];
    for (const d of dims) sums = sums.flatMap((sum) => axes[d].map((entry) => (sum < 0 || entry < 0 ? -1 : sum + entry)));
    return sums.map(bytesOf);
  };
  const [batch, channels, height, width] = viewAxes(axes.length).map(combine);
  return { batch, channels, height, width };
}

/** The tables as the kernel reads them: i32s, batch, channels, height, width end to end. */
export function packGatherTables(tables: GatherTables): Uint8Array {
  const all = [...tables.batch, ...tables.channels, ...tables.height, ...tables.width];
  const bytes = new Uint8Array(4 * all.length);
  const view = new DataView(bytes.buffer);
  all.forEach((value, i) => view.setInt32(4 * i, value, true));
  return bytes;
}

/** Whether every pixel's channels are the source pixel's own, in order: then pixels copy as vectors. */
export function copiesPixels(tables: GatherTables, input: NhwcBuffer, output: NhwcBuffer): boolean {
  return input.channels === output.channels && tables.channels.every((offset, c) => offset === 4 * c);
}

/** Pixels of at most this many channels unroll their channel loop (a 1 KB body of loads and stores at most). */
export const unrolledChannels = 128;
/** Pixels whose every output vector is a shuffle of at most two input vectors unroll up to this many channels (about 30 bytes of code a vector). */
export const shuffledChannels = 1024;

/**
 * How each output vector of an unrolled pixel is made: the input vectors (byte offsets within the
 * pixel, at most two; a second of 'zero' gives padding lanes their zeros) and, per lane, which of
 * the two operands' lanes it takes (`shuffle32`: 0–3 the first, 4–7 the second); or undefined where
 * its channels come from more than two vectors, and each is loaded and stored alone.
 */
export function vectorSources(channels: readonly number[], count: number): Array<{ vectors: [number, number | 'zero' | undefined]; lanes: [number, number, number, number] } | undefined> {
  return Array.from({ length: Math.ceil(count / 4) }, (_, k) => {
    const lanes4 = [0, 1, 2, 3].map((l) => (4 * k + l < count ? channels[4 * k + l] : undefined));
    const vectors = [...new Set(lanes4.filter((t): t is number => t !== undefined).map((t) => Math.floor(t / 16)))];
    const padding = lanes4.some((t) => t === undefined);
    if (vectors.length > 2 || (vectors.length === 2 && padding)) return undefined;
    const second: number | 'zero' | undefined = vectors.length === 2 ? 16 * vectors[1] : padding ? 'zero' : undefined;
    const lanes = lanes4.map((t, l) => (t === undefined ? 4 + l : Math.floor(t / 16) === vectors[0] ? (t % 16) / 4 : 4 + (t % 16) / 4)) as [number, number, number, number];
    return { vectors: [16 * vectors[0], second], lanes };
  });
}

export interface GatherParams {
  name: string;
  input: NhwcBuffer;
  output: NhwcBuffer;
  /** The tables (`packGatherTables`) and their byte address. */
  tables: GatherTables;
  address: number;
  fill: number;
}

export function gatherKernel(p: GatherParams): FunctionBuilder {
  const { input, output, tables } = p;
  const outS = stridesOf(output);
  const vectors = copiesPixels(tables, input, output);
  const base = {
    batch: p.address, channels: p.address + 4 * tables.batch.length,
    height: p.address + 4 * (tables.batch.length + tables.channels.length),
    width: p.address + 4 * (tables.batch.length + tables.channels.length + tables.height.length),
  };
  const f = new FunctionBuilder(p.name);
  const [n, y, x, c, rowSource, rowMark, source, mark, dst, offset] = ['n', 'y', 'x', 'c', 'row_src', 'row_mark', 'src', 'mark', 'dst', 'tc'].map((name) => f.local(name, 'i32'));
  /** Pushes table[axis][index]. */
  const entry = (axis: keyof typeof base, index: typeof n) => f.get(index).i32(4).op('i32.mul').mem('i32.load', { offset: base[axis] });
  const vectorBytes = 4 * lanes(output.channels);
  // No entry is −1: no element is filled, so no mark to test.
  const fills = [tables.batch, tables.channels, tables.height, tables.width].some((t) => t.some((e) => e < 0));
  const sources = !vectors && !fills ? vectorSources(tables.channels, output.channels) : [];
  const unrolled = !vectors && !fills && (output.channels <= unrolledChannels || (output.channels <= shuffledChannels && sources.every((v) => v !== undefined)));
  f.comment(`gather [${input.batch}, ${input.channels}, ${input.height}, ${input.width}] → [${output.batch}, ${output.channels}, ${output.height}, ${output.width}] by tables${vectors ? ', whole pixels as vectors' : unrolled ? ', channels unrolled as vector shuffles' : ''}`);
  const fillLanes = (k: number) => [0, 1, 2, 3].map((lane) => (4 * k + lane < output.channels ? p.fill : 0)) as [number, number, number, number];

  f.setTo(n, 0);
  f.countedLoop('images', n, 1, output.batch, () => {
    f.setTo(y, 0);
    f.countedLoop('rows', y, 1, output.height, () => {
      entry('batch', n).set(rowSource);
      entry('height', y).set(mark);
      f.get(rowSource).get(mark).op('i32.or').set(rowMark);
      f.get(rowSource).get(mark).op('i32.add').set(rowSource);
      f.get(n).i32(outS.image).op('i32.mul').get(y).i32(outS.row).op('i32.mul').op('i32.add').i32(output.offset).op('i32.add').set(dst);
      f.setTo(x, 0);
      f.countedLoop('pixels', x, 1, output.width, () => {
        entry('width', x).tee(source).get(rowMark).op('i32.or').set(mark);
        f.get(source).get(rowSource).op('i32.add').set(source);
        if (vectors) {
          f.get(mark).i32(0).op('i32.lt_s').ifElse(() => {
            for (let k = 0; k < vectorBytes / 16; k++) f.get(dst).f32x4(fillLanes(k)).mem('v128.store', { offset: 16 * k });
          }, () => {
            for (let k = 0; k < vectorBytes / 16; k++) f.get(dst).get(source).mem('v128.load', { offset: input.offset + 16 * k }).mem('v128.store', { offset: 16 * k });
          });
        } else if (unrolled) {
          // Per output vector: one or two input vectors and a shuffle (a channel shuffle interleaves
          // two runs of channels, a slice of whole vectors is a load), else four single floats.
          sources.forEach((plan, k) => {
            if (plan === undefined) {
              for (let l = 4 * k; l < Math.min(4 * k + 4, output.channels); l++) f.get(dst).get(source).mem('f32.load', { offset: input.offset + tables.channels[l] }).mem('f32.store', { offset: 4 * l });
              for (let l = Math.max(4 * k, output.channels); l < 4 * k + 4; l++) f.get(dst).f32(0).mem('f32.store', { offset: 4 * l });
              return;
            }
            const [first, second] = plan.vectors;
            f.get(dst).get(source).mem('v128.load', { offset: input.offset + first });
            if (second !== undefined || plan.lanes.some((lane, l) => lane !== l)) {
              if (second === undefined || second === 'zero') f.f32x4([0, 0, 0, 0]);
              else f.get(source).mem('v128.load', { offset: input.offset + second });
              f.shuffle32(plan.lanes);
            }
            f.mem('v128.store', { offset: 16 * k });
          });
        } else {
          f.setTo(c, 0);
          f.countedLoop('channels', c, 1, output.channels, () => {
            entry('channels', c).set(offset);
            f.get(offset).get(mark).op('i32.or').i32(0).op('i32.lt_s').ifElse(() => {
              f.get(dst).get(c).i32(4).op('i32.mul').op('i32.add').f32(p.fill).mem('f32.store');
            }, () => {
              f.get(dst).get(c).i32(4).op('i32.mul').op('i32.add');
              f.get(source).get(offset).op('i32.add').mem('f32.load', { offset: input.offset }).mem('f32.store');
            });
          });
          for (let k = output.channels; k < lanes(output.channels); k++) f.get(dst).f32(0).mem('f32.store', { offset: 4 * k });
        }
        f.addTo(dst, outS.pixel);
      });
    });
  });
  return f;
}
