/**
 * Pad → pad: mode constant (with its value), reflect, edge (PyTorch's and the DSL's replicate), wrap
 * (circular; ONNX has it from opset 19, beyond the opsets read). The pads (an input from opset 11, an
 * attribute before) must be constant, non-negative, and on the last two axes only: the DSL's pad is
 * F.pad's 2-D form. A Pad of nothing passes its input through; a reflect or edge Pad that only a Conv
 * reads is that conv's `paddingMode` (conv.ts), and the pad emitted here is then dead.
 */
import type { PadMode } from '@stride/dsl';
import { count, listOf } from '../constant.js';
import { Unsupported, type OpImporter } from '../context.js';
import type { Entry } from './shared.js';

const modes: Record<string, PadMode> = { constant: 'constant', reflect: 'reflect', edge: 'replicate', wrap: 'circular' };

const run: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const pads = ctx.node.input[1] ? listOf(ctx.requireConstant(1, 'pads')) : ctx.attrs.ints('pads', []);
  if (pads.length !== 2 * rank) throw new Unsupported(`pads [${pads.join(', ')}] do not list a start and an end for each of the ${rank} axes`);
  if (pads.every((p) => p === 0)) return { kind: 'node', node: x };
  const modeName = ctx.attrs.string('mode', 'constant');
  const mode = modes[modeName];
  if (mode === undefined) throw new Unsupported(`mode '${modeName}' is not supported (constant, reflect, edge, wrap are)`);
  if (pads.some((p) => p < 0)) throw new Unsupported(`negative pads [${pads.join(', ')}] (a crop) are not supported; write a Slice`);
  const outer = pads.filter((p, i) => i % rank < rank - 2 && p !== 0);
  if (outer.length > 0) throw new Unsupported(`pads [${pads.join(', ')}] pad an axis before the last two, which pad cannot express`);
  const valueInput = ctx.node.input[2] ? ctx.requireConstant(2, 'constant_value') : undefined;
  if (valueInput && count(valueInput.dims) !== 1) throw new Unsupported('its constant_value is not a scalar');
  const value = valueInput ? Number(Math.fround(valueInput.data[0]).toPrecision(7)) : ctx.attrs.float('value', 0);
  if (mode !== 'constant' && value !== 0) throw new Unsupported(`a constant_value ${value} in mode '${modeName}'`);
  const side = (axis: number, end: 0 | 1) => (axis < 0 ? 0 : pads[end * rank + axis]);
  const padding = { top: side(rank - 2, 0), bottom: side(rank - 2, 1), left: side(rank - 1, 0), right: side(rank - 1, 1) };
  return ctx.emit('pad', [x], { mode, value, padding }, ctx.plainName('pad'));
};

export const Pad: Entry = { attrs: ['mode', 'pads', 'value'], run };
