/**
 * Resize → upsample: nearest as PyTorch computes it (asymmetric coordinates, floor), linear with
 * align_corners or (pytorch_)half_pixel coordinates as bilinear; a factor from constant scales, or a size.
 */
import { count, listOf } from '../constant.js';
import { Unsupported, type OpImporter } from '../context.js';
import type { Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const mode = ctx.attrs.string('mode', 'nearest');
  const coordinates = ctx.attrs.string('coordinate_transformation_mode', 'half_pixel');
  const scales = ctx.constant(2);
  const sizes = ctx.constant(3);
  if ((ctx.node.input[2] && !scales) || (ctx.node.input[3] && !sizes)) throw new Unsupported('its scales or sizes are not constant (a dynamic shape that could not be resolved)');
  let upsampleMode: 'nearest' | 'bilinear';
  let alignCorners = false;
  if (mode === 'nearest') {
    const nearest = ctx.attrs.string('nearest_mode', 'round_prefer_floor');
    if (coordinates !== 'asymmetric' || nearest !== 'floor') throw new Unsupported(`nearest with ${coordinates} coordinates and ${nearest} rounding is not PyTorch's nearest (asymmetric, floor)`);
    upsampleMode = 'nearest';
  } else if (mode === 'linear') {
    if (coordinates === 'align_corners') alignCorners = true;
    else if (coordinates !== 'pytorch_half_pixel' && coordinates !== 'half_pixel') throw new Unsupported(`linear with ${coordinates} coordinates is not supported`);
    upsampleMode = 'bilinear';
  } else {
    throw new Unsupported(`mode '${mode}' is not supported (nearest, linear are)`);
  }
  const [h, w] = x.shape.slice(2);
  if (scales && count(scales.dims) === 4) {
    const [sn, sc, sh, sw] = listOf(scales);
    if (sn !== 1 || sc !== 1) throw new Unsupported(`scales [${listOf(scales).join(', ')}] resize the batch or channels`);
    // Scales are float32: the factor a person wrote is the shortest decimal that rounds to it.
    const factor = (v: number) => Number(Math.fround(v).toPrecision(7));
    return ctx.emit('upsample', [x], { mode: upsampleMode, alignCorners, size: [Math.floor((h as number) * sh), Math.floor((w as number) * sw)], scaleFactor: [factor(sh), factor(sw)] }, ctx.plainName('upsample'));
  }
  if (sizes && count(sizes.dims) === 4) {
    const [, , sh, sw] = listOf(sizes);
    return ctx.emit('upsample', [x], { mode: upsampleMode, alignCorners, size: [sh, sw], scaleFactor: null }, ctx.plainName('upsample'));
  }
  throw new Unsupported('needs constant 4-D scales or sizes');
};

export const Resize: Entry = { attrs: ['mode', 'coordinate_transformation_mode', 'nearest_mode', 'cubic_coeff_a', 'exclude_outside', 'extrapolation_value'], run };
