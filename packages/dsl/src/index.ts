/**
 * @stride/dsl — a typed network DSL: the type checker computes every layer's output shape and reports
 * layers that do not fit where they are written. `model(...).toIR()` is the contract with the runtime
 * and the compiler.
 */
export * from './ir.js';
export { Tensor } from './tensor.js';
export { input, add, mul, sub, div, concat, model, Model, type ShapeOf, type ModelDefinition } from './model.js';
export type { Shape, PairOption } from './shape.js';
export { ShapeError, formatShape, type ShapeErrorMessage } from './errors.js';
export { validateGraph, inferShape, paramShapes, GraphError } from './validate.js';
export { summarize, macsOf } from './summary.js';
export { editDistance, layerLabel } from './ops/options.js';
export { convOutputSize, convTransposeOutputSize, type ConvOutputSize, type ConvTransposeOutputSize } from './ops/window.js';
export type { Conv2dOptions } from './ops/conv2d.js';
export type { ConvTranspose2dOptions } from './ops/convTranspose2d.js';
export type { MaxPool2dOptions } from './ops/maxPool2d.js';
export type { AvgPool2dOptions } from './ops/avgPool2d.js';
export type { BatchNorm2dOptions } from './ops/batchNorm2d.js';
export type { GroupNormOptions } from './ops/groupNorm.js';
export type { InstanceNorm2dOptions } from './ops/instanceNorm2d.js';
export type { LayerNormOptions } from './ops/layerNorm.js';
export type { LinearOptions } from './ops/linear.js';
export type { UpsampleOptions } from './ops/upsample.js';
export type { ClampOptions, HardtanhOptions } from './ops/clamp.js';
