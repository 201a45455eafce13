/**
 * DepthToSpace → pixelShuffle in mode CRD (PyTorch's channel order: channel c·r² + i·r + j goes to
 * pixel (y·r + i, x·r + j) of channel c). Mode DCR (ONNX's default, TensorFlow's: channel (i·r + j)·C + c)
 * is written as ONNX defines it: reshape to [N, r, r, C, H, W], permute to [N, C, H, r, W, r], and
 * reshape to [N, C, H·r, W·r].
 */
import { Unsupported, type OpImporter } from '../context.js';
import { nodeOf, type Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const r = ctx.attrs.int('blocksize', 0);
  const mode = ctx.attrs.string('mode', 'DCR');
  if (x.shape.length !== 4) throw new Unsupported(`its input [${x.shape.join(', ')}] is not 4-D`);
  if (r < 1) throw new Unsupported(`blocksize ${r} is not a positive integer`);
  if (mode === 'CRD') return ctx.emit('pixelShuffle', [x], { upscaleFactor: r }, ctx.plainName('pixelShuffle'));
  if (mode !== 'DCR') throw new Unsupported(`mode '${mode}' is not supported (CRD, DCR are)`);
  const [n, c, h, w] = x.shape;
  if ([c, h, w].some((d) => typeof d !== 'number') || (c as number) % (r * r) !== 0) throw new Unsupported(`channels ${c} are not a known multiple of blocksize² ${r * r}`);
  const channels = (c as number) / (r * r);
  const blocks = nodeOf(ctx.emit('reshape', [x], { shape: [n, r, r, channels, h, w] }, ctx.plainName('reshape')));
  const moved = nodeOf(ctx.emit('permute', [blocks], { dims: [0, 3, 4, 1, 5, 2] }, ctx.plainName('permute')));
  return ctx.emit('reshape', [moved], { shape: [n, channels, (h as number) * r, (w as number) * r] }, ctx.plainName('reshape'));
};

export const DepthToSpace: Entry = { attrs: ['blocksize', 'mode'], run };
