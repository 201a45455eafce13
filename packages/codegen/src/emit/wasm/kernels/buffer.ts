/**
 * How the wasm kernels see a tensor in linear memory: NHWC, channels padded to a multiple of four
 * (one v128 holds four channels of one pixel), with a border of stored pixels around each image.
 *
 *   byte address of (n, y, x, c) = offset + n·imageBytes + y·rowBytes + x·pixelBytes + 4c
 *   pixelBytes = 4·pixelLanes (default pixelLanes = lanes(C)),  rowBytes = (left + W + right)·pixelBytes,
 *   imageBytes = (top + H + bottom)·rowBytes,   y ∈ [−top, H + bottom), x ∈ [−left, W + right)
 *
 * A channel slice (`channelSlice`): a buffer whose pixels are part of a wider one's, so that its
 * `pixelLanes` is the enclosing pixel's and its `offset` points `first` channels into it. That is how
 * `concat` along channels becomes placement: each producer writes its channel range of the concat
 * output directly. A slice starts at a multiple of four channels (a vector boundary), and every
 * slice but the last has a multiple of four channels, so the lanes(C) lanes a kernel writes per
 * pixel never reach a neighbouring slice; a kernel never touches lanes outside [offset, offset +
 * 4·lanes(C)) of a pixel, so other slices' values (whatever they are, NaN included) never enter.
 *
 * Why NHWC with channels as lanes (measured, docs/wasm.md): a convolution's k-loop then walks the
 * input channels of one pixel at consecutive addresses, one `v128.load32_splat` per pixel and one
 * `v128.load` per four output channels, with every other displacement a constant `offset`
 * immediate; NCHW4 needs four k-steps per body (which V8 schedules badly) or a shuffle per k-step.
 *
 * Why a stored border: a convolution's window then never needs a bounds check; the producer writes
 * the interior and the border keeps what the consumer needs (zeros for a zero-padded convolution,
 * −∞ for max pooling unless the values are known non-negative).
 *
 * Invariants the kernels keep: every address they touch is inside the buffers described here; the
 * padding lanes (channels C … lanes(C) − 1) hold finite values (zeros unless an activation with
 * f(0) ≠ 0 wrote them) and never reach a real channel, because packed weights are zero there.
 *
 * The one exception to whole-vector pixels: a network input of a few channels (an RGB image) whose
 * every reader walks window rows float by float — conv2d's `taps: 'rows'` stem — is stored `packed`,
 * C floats per pixel and no padding lane, so that the stem's k-loop multiplies no zero lane (a
 * quarter of a 3-channel stem's multiply-adds). `stridesOf` refuses a packed buffer unless the
 * kernel says it reads one (`{ packed: true }`): the input conversion that writes it, the border
 * fill and the stem, so no vector kernel ever meets one.
 */

export interface Border {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export const noBorder: Border = { top: 0, bottom: 0, left: 0, right: 0 };

/** An NHWC image batch in linear memory (see the file header for the address formula). */
export interface NhwcBuffer {
  /** Byte address of the first image's pixel (0, 0), channel 0: inside the border. */
  offset: number;
  batch: number;
  height: number;
  width: number;
  /** Real channels; the buffer stores `lanes(channels)` of them per pixel. */
  channels: number;
  border: Border;
  /**
   * Floats per stored pixel: `lanes(channels)` unless the buffer is a channel slice of a wider one
   * (then the wider buffer's pixel; see `channelSlice`). Kernels get every stride from `stridesOf`.
   */
  pixelLanes?: number;
  /** C floats per pixel, no padding lane (see the file header); only kernels that ask for it read such a buffer. */
  packed?: boolean;
}

/** Channels rounded up to whole vectors. */
export const lanes = (channels: number): number => Math.ceil(channels / 4) * 4;

export interface Strides {
  pixel: number;
  row: number;
  image: number;
}

/**
 * A buffer's strides in bytes. A kernel that reads or writes a packed buffer (C floats per pixel)
 * says so with `{ packed: true }`; every other kernel gets an error for one, at generation time.
 */
export function stridesOf(buffer: NhwcBuffer, reads: { packed?: boolean } = {}): Strides {
  if (buffer.packed && !reads.packed) throw new Error(`wasm buffer: a packed buffer (${buffer.channels} floats per pixel, no padding lane) is read only by kernels that walk floats, not vectors`);
  return geometry(buffer);
}

/** The strides, whatever reads the buffer (the helpers below only do address arithmetic). */
function geometry(buffer: NhwcBuffer): Strides {
  const pixelLanes = buffer.packed ? buffer.channels : buffer.pixelLanes ?? lanes(buffer.channels);
  if (buffer.packed ? buffer.pixelLanes !== undefined : pixelLanes % 4 !== 0 || pixelLanes < lanes(buffer.channels)) throw new Error(`wasm buffer: ${pixelLanes} lanes per pixel cannot hold ${buffer.channels} channels in whole vectors`);
  const pixel = 4 * pixelLanes;
  const row = (buffer.border.left + buffer.width + buffer.border.right) * pixel;
  return { pixel, row, image: (buffer.border.top + buffer.height + buffer.border.bottom) * row };
}

/** Whether a pixel's lanes are exactly the buffer's own (not a slice of a wider pixel); a packed buffer's are. */
export function isDense(buffer: NhwcBuffer): boolean {
  return buffer.packed === true || geometry(buffer).pixel === 4 * lanes(buffer.channels);
}

/**
 * Channels [first, first + channels) of `buffer` as a buffer of their own: same pixels, rows, images
 * and border, `pixelLanes` of the enclosing pixel. `first` must be a multiple of 4 (a slice starts on
 * a vector), and the slice must end on a vector boundary or at the buffer's last channel, so the
 * lanes(channels) lanes written per pixel stay inside the slice.
 */
export function channelSlice(buffer: NhwcBuffer, first: number, channels: number): NhwcBuffer {
  if (first % 4 !== 0) throw new Error(`wasm buffer: a channel slice must start at a multiple of 4, not ${first}`);
  if (channels < 1 || first + channels > buffer.channels) throw new Error(`wasm buffer: channels ${first}…${first + channels - 1} are not inside ${buffer.channels}`);
  if (channels % 4 !== 0 && first + channels !== buffer.channels) throw new Error(`wasm buffer: a slice of ${channels} channels at ${first} would write padding lanes into channel ${first + channels}`);
  if (buffer.packed) throw new Error('wasm buffer: a packed buffer has no channel slices');
  return { ...buffer, offset: buffer.offset + 4 * first, channels, pixelLanes: stridesOf(buffer).pixel / 4 };
}

/** The first byte of the buffer (its top-left border pixel). */
export function startOf(buffer: NhwcBuffer): number {
  const { pixel, row } = geometry(buffer);
  return buffer.offset - buffer.border.top * row - buffer.border.left * pixel;
}

/** Bytes the whole buffer spans, borders included. */
export function bytesOf(buffer: NhwcBuffer): number {
  return buffer.batch * geometry(buffer).image;
}

/** A buffer placed at `start` (its first border byte) with the given shape and border; dense pixels, or packed ones. */
export function placeNhwc(start: number, shape: { batch: number; height: number; width: number; channels: number }, border: Border = noBorder, packed = false): NhwcBuffer {
  const provisional: NhwcBuffer = { offset: 0, ...shape, border, ...(packed ? { packed } : {}) };
  const { pixel, row } = geometry(provisional);
  return { ...provisional, offset: start + border.top * row + border.left * pixel };
}

/**
 * Checks that pixels y ∈ [y0, y1) and x ∈ [x0, x1) of every image lie inside the stored buffer
 * (interior and border); kernels call it for the extremes of their windows, so an undersized border
 * is a generation-time error, never a silent read of a neighbour's data.
 */
export function checkReach(buffer: NhwcBuffer, what: string, y0: number, y1: number, x0: number, x1: number): void {
  const { top, bottom, left, right } = buffer.border;
  if (y0 < -top || y1 > buffer.height + bottom || x0 < -left || x1 > buffer.width + right) {
    throw new Error(`wasm kernel: ${what} reads rows ${y0}…${y1 - 1} and columns ${x0}…${x1 - 1} of a ${buffer.height}×${buffer.width} image whose stored border is top ${top}, bottom ${bottom}, left ${left}, right ${right}`);
  }
  if (startOf(buffer) < 0) throw new Error(`wasm kernel: ${what}'s buffer starts below address 0`);
}

/** Alignment every buffer, weight block and bias should have: one v128. */
export const vectorAlign = 16;
