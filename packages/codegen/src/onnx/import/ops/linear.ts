/** Gemm, and MatMul by a constant 2-D weight (+ Add of a bias, read by the Add), → linear. */
import type { NodeMessage } from '../../schema.js';
import { count, type Constant } from '../constant.js';
import { Unsupported, type ImportContext, type OpImporter, type ParamData, type Value } from '../context.js';
import { floatData, param, type Entry } from './shared.js';

export function linearOf(ctx: ImportContext, matmul: NodeMessage, bias: Constant | undefined): Value | undefined {
  const x = ctx.value(matmul.input[0]);
  const w = ctx.value(matmul.input[1]);
  if (x?.kind !== 'node' || w?.kind !== 'constant' || w.constant.dims.length !== 2) return undefined;
  const [inFeatures, outFeatures] = w.constant.dims;
  if (bias && count(bias.dims) !== outFeatures) return undefined;
  const weight = transpose2d(floatData(w.constant), inFeatures, outFeatures);
  const name = ctx.layerName([bias ? ctx.node.input.find((v) => ctx.value(v)?.kind === 'constant') : undefined, matmul.input[1]], 'linear');
  const params: Record<string, ParamData> = { weight: { shape: [outFeatures, inFeatures], data: weight } };
  if (bias) params.bias = param(bias, [outFeatures]);
  return ctx.emit('linear', [x.node], { inFeatures, outFeatures, bias: bias !== undefined }, name, params);
}

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

const matMul: OpImporter = (ctx) => {
  const linear = linearOf(ctx, ctx.node, undefined);
  if (!linear) throw new Unsupported('only MatMul by a constant 2-D weight (a linear layer) is supported');
  return linear;
};

const gemm: OpImporter = (ctx) => {
  if (ctx.attrs.int('transA', 0) !== 0) throw new Unsupported('transA 1 is not supported');
  if (ctx.attrs.float('alpha', 1) !== 1 || ctx.attrs.float('beta', 1) !== 1) throw new Unsupported('alpha and beta other than 1 are not supported');
  const x = ctx.input(0);
  const w = ctx.requireConstant(1, 'weight');
  const transB = ctx.attrs.int('transB', 0) === 1;
  const [outFeatures, inFeatures] = transB ? w.dims : [w.dims[1], w.dims[0]];
  const bias = ctx.constant(2);
  if (ctx.node.input[2] && !bias) throw new Unsupported('its bias (input 3) is not a constant');
  if (bias && count(bias.dims) !== outFeatures) throw new Unsupported(`a bias of shape [${bias.dims.join(', ')}] is not per output feature`);
  const name = ctx.layerName([ctx.node.input[1], ctx.node.input[2]], 'linear');
  const params: Record<string, ParamData> = { weight: { shape: [outFeatures, inFeatures], data: transB ? floatData(w) : transpose2d(floatData(w), inFeatures, outFeatures) } };
  if (bias) params.bias = param(bias, [outFeatures]);
  return ctx.emit('linear', [x], { inFeatures, outFeatures, bias: bias !== undefined }, name, params);
};

export const Gemm: Entry = { attrs: ['alpha', 'beta', 'transA', 'transB'], run: gemm };
export const MatMul: Entry = { attrs: [], run: matMul };
