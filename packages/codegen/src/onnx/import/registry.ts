/**
 * Every ONNX op the importer maps to the DSL, listed explicitly: `ops/<op>.ts` holds each one's
 * importer and the attributes it reads (related ops share a file, as the exporter's activations do).
 * Ops the constant evaluator computes (fold.ts) need no entry. Where an exporter writes one DSL layer
 * as several ONNX nodes, the entry for the last node recognizes the idiom by its producers, and the
 * nodes it replaces are left for dead-node removal.
 */
import { Relu, Sigmoid, Tanh, HardSwish, HardSigmoid, LeakyRelu, Elu, Clip } from './ops/activations.js';
import { Add } from './ops/add.js';
import { BatchNormalization } from './ops/batchNorm.js';
import { Concat } from './ops/concat.js';
import { Conv } from './ops/conv.js';
import { ConvTranspose } from './ops/convTranspose.js';
import { DepthToSpace } from './ops/depthToSpace.js';
import { Sub, Div } from './ops/elementwise.js';
import { Flatten } from './ops/flatten.js';
import { Dropout, Identity } from './ops/identity.js';
import { Gemm, MatMul } from './ops/linear.js';
import { Mul } from './ops/mul.js';
import { InstanceNormalization, LayerNormalization } from './ops/normalization.js';
import { Pad } from './ops/pad.js';
import { MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool } from './ops/pool.js';
import { ReduceMean } from './ops/reduceMean.js';
import { Reshape } from './ops/reshape.js';
import { Resize } from './ops/resize.js';
import type { Entry } from './ops/shared.js';
import { Slice } from './ops/slice.js';
import { Softmax, LogSoftmax } from './ops/softmax.js';
import { Split } from './ops/split.js';
import { Transpose } from './ops/transpose.js';

export const importers = {
  Conv, ConvTranspose, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool,
  BatchNormalization, InstanceNormalization, LayerNormalization,
  Relu, Sigmoid, Tanh, HardSwish, HardSigmoid, LeakyRelu, Elu, Clip,
  Gemm, MatMul, Add, Mul, Sub, Div, ReduceMean, Concat, Flatten, Reshape, Softmax, LogSoftmax, Resize,
  Pad, Slice, Split, Transpose, DepthToSpace, Dropout, Identity,
} satisfies Record<string, Entry>;

/** The ONNX op types the importer maps (the fold.ts ops aside). */
export type ImportedOp = keyof typeof importers;

/** The entry for an ONNX op type, if it has one. */
export const importerOf = (opType: string): Entry | undefined => (Object.hasOwn(importers, opType) ? importers[opType as ImportedOp] : undefined);
