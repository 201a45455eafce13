/**
 * The element-wise activations, one converter each, beside each other as in the reference
 * interpreter's kernels/activations.ts. Each matches PyTorch's definition exactly (no approximations).
 */
import type { ActivationOp } from '@stride/dsl';
import { float, type Converter } from '../context.js';

export const relu: Converter<'relu'> = (ctx) => ctx.result('Relu', ctx.inputs);

/** relu6 = Clip(x, 0, 6); Clip's bounds are inputs (scalars) since opset 11. */
export const relu6: Converter<'relu6'> = (ctx) => ctx.result('Clip', [ctx.inputs[0], ctx.floats('min', [0]), ctx.floats('max', [6])]);

export const leakyRelu: Converter<'leakyRelu'> = (ctx) => ctx.result('LeakyRelu', ctx.inputs, { alpha: float(ctx.node.attrs.slope) });

export const sigmoid: Converter<'sigmoid'> = (ctx) => ctx.result('Sigmoid', ctx.inputs);

export const tanh: Converter<'tanh'> = (ctx) => ctx.result('Tanh', ctx.inputs);

/** gelu (exact, erf form): x · ½ · (1 + erf(x / √2)); ONNX's Gelu op only arrives in opset 20. */
export const gelu: Converter<'gelu'> = (ctx) => {
  const [x] = ctx.inputs;
  const scaled = ctx.op('Div', [x, ctx.floats('sqrt2', [Math.SQRT2])]);
  const erf = ctx.op('Erf', [scaled]);
  const onePlus = ctx.op('Add', [erf, ctx.floats('one', [1])]);
  const product = ctx.op('Mul', [x, onePlus]);
  return ctx.result('Mul', [product, ctx.floats('half', [0.5])]);
};

/** silu = x · sigmoid(x). */
export const silu: Converter<'silu'> = (ctx) => {
  const [x] = ctx.inputs;
  return ctx.result('Mul', [x, ctx.op('Sigmoid', [x])]);
};

/** hardswish = x · relu6(x + 3) / 6: ONNX's HardSwish is defined the same way. */
export const hardswish: Converter<'hardswish'> = (ctx) => ctx.result('HardSwish', ctx.inputs);

/** hardsigmoid = relu6(x + 3) / 6 = max(0, min(1, x/6 + 1/2)): PyTorch's slope, not ONNX's default 0.2. */
export const hardsigmoid: Converter<'hardsigmoid'> = (ctx) => ctx.result('HardSigmoid', ctx.inputs, { alpha: float(1 / 6), beta: float(0.5) });

export const elu: Converter<'elu'> = (ctx) => ctx.result('Elu', ctx.inputs, { alpha: float(ctx.node.attrs.alpha) });

/** clamp (and hardtanh) → Clip, its bounds scalar inputs since opset 11; an absent bound is the empty (omitted) input, as torch exports it. */
export const clamp: Converter<'clamp'> = (ctx) => {
  const { min, max } = ctx.node.attrs;
  const inputs = [ctx.inputs[0], min === null ? '' : ctx.floats('min', [min]), ...(max === null ? [] : [ctx.floats('max', [max])])];
  return ctx.result('Clip', inputs);
};

export type ActivationConverters = { [Op in ActivationOp]: Converter<Op> };
export const activations: ActivationConverters = { relu, relu6, leakyRelu, sigmoid, tanh, gelu, silu, hardswish, hardsigmoid, elu, clamp };
