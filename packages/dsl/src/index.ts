/**
 * @stride/dsl — a typed network DSL: the type checker computes every layer's output shape and reports
 * layers that do not fit where they are written. `model(...).toIR()` is the contract with the runtime
 * and the compiler.
 */
export * from './ir';
export { Tensor } from './tensor';
export { input, add, mul, concat, model, Model, type ShapeOf, type ModelDefinition } from './model';
export type { Shape, PairOption } from './shape';
export { ShapeError, formatShape, type ShapeErrorMessage } from './errors';
export { validateGraph, inferShape, paramShapes, GraphError } from './validate';
export { summarize, macsOf } from './summary';
export { convOutputSize, convTransposeOutputSize, type ConvOutputSize, type ConvTransposeOutputSize } from './ops/window';
export type { Conv2dOptions } from './ops/conv2d';
export type { ConvTranspose2dOptions } from './ops/convTranspose2d';
export type { MaxPool2dOptions } from './ops/maxPool2d';
export type { AvgPool2dOptions } from './ops/avgPool2d';
export type { BatchNorm2dOptions } from './ops/batchNorm2d';
export type { LinearOptions } from './ops/linear';
export type { UpsampleOptions } from './ops/upsample';
