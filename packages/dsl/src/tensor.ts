/**
 * `Tensor<S>`: a value flowing through a network under construction, typed by its shape. Each layer
 * method checks its options against the shape twice — at compile time through the op's type-level rule
 * (errors typed onto the offending option) and at run time through the same rule's twin (a thrown
 * `ShapeError` with the same sentence) — then records a node and returns the next tensor.
 *
 * Building is immutable: a tensor points at the node that made it, and `model()` collects the nodes
 * reachable from the outputs. Only naming is shared mutable state: a `Scope` hands out nn.Sequential
 * indices to the layer calls made in it.
 */
import type { ActivationOp, Dim, OpAttrs, OpName, Param } from './ir.js';
import { ShapeError } from './errors.js';
import type { Failure, MethodOrError } from './ops/rule.js';
import { layerLabel } from './ops/options.js';
import { activationRule } from './ops/activation.js';
import { adaptiveAvgPool2dRule, type AdaptiveAvgPool2dErrors, type AdaptiveAvgPool2dShape } from './ops/adaptiveAvgPool2d.js';
import { avgPool2dRule, type AvgPool2dOptions } from './ops/avgPool2d.js';
import {
  batchNorm2dParamShapes, batchNorm2dRule, type BatchNorm2dOptions, type BatchNorm2dRule, type BatchNorm2dShape, type BatchNorm2dVerdict,
} from './ops/batchNorm2d.js';
import { conv2dParamShapes, conv2dRule, type Conv2dErrors, type Conv2dOptions, type Conv2dShape } from './ops/conv2d.js';
import {
  convTranspose2dParamShapes, convTranspose2dRule, type ConvTranspose2dErrors, type ConvTranspose2dOptions, type ConvTranspose2dShape,
} from './ops/convTranspose2d.js';
import { dropoutRule } from './ops/dropout.js';
import { flattenRule, type FlattenArgs, type FlattenShape } from './ops/flatten.js';
import { linearParamShapes, linearRule, type LinearErrors, type LinearOptions, type LinearShape } from './ops/linear.js';
import { maxPool2dRule, type MaxPool2dOptions, type PoolErrors, type PoolShape } from './ops/maxPool2d.js';
import { reshapeRule, type ReshapeErrors, type ReshapeShape } from './ops/reshape.js';
import { softmaxRule, type SoftmaxErrors } from './ops/softmax.js';
import { upsampleRule, type UpsampleErrors, type UpsampleOptions, type UpsampleShape } from './ops/upsample.js';
import type { PairOption, Shape } from './shape.js';
import { formatValue, type ShapeErrorMessage } from './errors.js';

/** A node recorded while building; `model()` turns the reachable ones into the IR. */
export interface BuildNode {
  /** Creation order, so the IR lists nodes in the order the user wrote them. */
  readonly seq: number;
  readonly op: OpName;
  readonly name: string;
  readonly inputs: readonly BuildNode[];
  readonly attrs: OpAttrs[OpName];
  readonly shape: Dim[];
  readonly params: Readonly<Record<string, Param>>;
}

let sequence = 0;
export function nextSequence(): number {
  return sequence++;
}

/** Hands out nn.Sequential-style indices to the layer calls made in one scope. */
export class Scope {
  private count = 0;
  constructor(readonly prefix: string) {}
  next(): number {
    return this.count++;
  }
  qualify(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}.${name}`;
  }
}

type ParamShapes = Record<string, number[] | undefined>;

function checkName(op: string, name: unknown): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || name.length === 0) {
    throw new ShapeError(`${op}: name must be a non-empty string, got ${formatValue(name)}`);
  }
  return name;
}

/** The tensor type after `apply`: a block's result, with errors raised inside it reported at the call. */
type ApplyVerdict<Result> = Result extends unknown ? (Result extends Tensor<infer Out> ? (Out extends Failure<string> ? '' : 'ok') : 'ok') : never;
type ApplyMessage<Result> = Result extends Tensor<infer Out> ? (Out extends Failure<infer Message> ? `apply: the block does not fit its input: ${Message}` : never) : never;
type ApplyErrors<Result> = { ok: unknown; '': ShapeErrorMessage<ApplyMessage<Result>> }[ApplyVerdict<Result>];

/**
 * A tensor of shape `S` (NCHW for images, batch first). Hover one in the editor to see its shape.
 * @example
 * const image = input([1, 1, 32, 32]);                          // Tensor<[1, 1, 32, 32]>
 * const x = image.conv2d({ outChannels: 6, kernelSize: 5 });    // Tensor<[1, 6, 28, 28]>
 */
export class Tensor<
  // Covariant by intent: a tensor of a known shape is a `Tensor<Shape>` (model inputs, block results),
  // and comparing two tensors compares their shapes only. TypeScript cannot verify the annotation
  // through the shape rules' conditional types (a rule's output for a wider input is not wider), so it
  // reports TS2636 here; structurally, `batchNorm2d` below (the sentence when it does not fit) would
  // otherwise make every tensor of a shape it does not fit unassignable to `Tensor<Shape>`.
  // @ts-expect-error TS2636, see above.
  out S extends Shape = Shape,
> {
  /** The shape: literal types where known, a string for a size known at run time. */
  readonly shape: S;
  /** @internal The node that produced this tensor. */
  readonly node: BuildNode;
  /** @internal Where the next unnamed layer called on this tensor gets its index. */
  readonly scope: Scope;

  /** @internal Use `input()`. */
  constructor(node: BuildNode, scope: Scope) {
    this.node = node;
    this.scope = scope;
    this.shape = node.shape as unknown as S;
  }

  /**
   * Records a layer called on this tensor; the rule throws `ShapeError` for options that do not fit.
   * The rule gets the layer's label (`conv2d 'layer1.0.conv1'`) for the sentences only plain
   * JavaScript callers see, which have no editor underline to say which call they are about.
   */
  private layer<Op extends OpName>(
    op: Op, name: unknown, rule: (input: Dim[], layer: string) => { attrs: OpAttrs[Op]; shape: Dim[] }, paramShapes?: (attrs: OpAttrs[Op]) => ParamShapes,
  ): Tensor<never> {
    const index = this.scope.next();
    const layerName = this.scope.qualify(checkName(op, name) ?? String(index));
    const { attrs, shape } = rule([...this.node.shape], layerLabel(op, layerName));
    const params: Record<string, Param> = {};
    for (const [role, paramShape] of Object.entries(paramShapes?.(attrs) ?? {})) {
      if (paramShape) params[role] = { name: `${layerName}.${role}`, shape: paramShape };
    }
    const node: BuildNode = { seq: nextSequence(), op, name: layerName, inputs: [this.node], attrs, shape, params };
    return new Tensor(node, this.scope);
  }

  /** 2-D convolution, `nn.Conv2d`. Out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. */
  conv2d<const Options extends Conv2dOptions>(options: Options & Conv2dErrors<S, Options>): Tensor<Conv2dShape<S, Options>> {
    return this.layer('conv2d', options?.name, (input, layer) => conv2dRule(input, options, layer), conv2dParamShapes);
  }

  /** Transposed convolution, `nn.ConvTranspose2d`. Out = (in − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1. */
  convTranspose2d<const Options extends ConvTranspose2dOptions>(
    options: Options & ConvTranspose2dErrors<S, Options>,
  ): Tensor<ConvTranspose2dShape<S, Options>> {
    return this.layer('convTranspose2d', options?.name, (input, layer) => convTranspose2dRule(input, options, layer), convTranspose2dParamShapes);
  }

  /** Max pooling, `nn.MaxPool2d`; stride defaults to the kernel size. */
  maxPool2d<const Options extends MaxPool2dOptions>(options: Options & PoolErrors<'maxPool2d', S, Options>): Tensor<PoolShape<'maxPool2d', S, Options>> {
    return this.layer('maxPool2d', undefined, (input, layer) => maxPool2dRule(input, options, layer));
  }

  /** Average pooling, `nn.AvgPool2d`; stride defaults to the kernel size. */
  avgPool2d<const Options extends AvgPool2dOptions>(options: Options & PoolErrors<'avgPool2d', S, Options>): Tensor<PoolShape<'avgPool2d', S, Options>> {
    return this.layer('avgPool2d', undefined, (input, layer) => avgPool2dRule(input, options, layer));
  }

  /** Adaptive average pooling to a fixed output size, `nn.AdaptiveAvgPool2d`. */
  adaptiveAvgPool2d<const Size extends PairOption>(outputSize: Size & AdaptiveAvgPool2dErrors<S, Size>): Tensor<AdaptiveAvgPool2dShape<S, Size>> {
    return this.layer('adaptiveAvgPool2d', undefined, (input, layer) => adaptiveAvgPool2dRule(input, outputSize, layer));
  }

  /**
   * Batch norm with running statistics, `nn.BatchNorm2d` in eval mode. Whether it fits depends on the
   * input alone, so it is typed as a property: on a tensor it does not fit (not rank 4, symbolic
   * channels) it is not callable, and the editor underlines `batchNorm2d` with the sentence even when
   * no options are passed. The implementation is on the prototype (see the static block).
   */
  declare readonly batchNorm2d: MethodOrError<
    BatchNorm2dVerdict<S>, BatchNorm2dRule<S>, <const Options extends BatchNorm2dOptions>(options?: Options) => Tensor<BatchNorm2dShape<S>>
  >;
  static {
    Object.defineProperty(this.prototype, 'batchNorm2d', {
      value(this: Tensor, options?: BatchNorm2dOptions) {
        return this.layer('batchNorm2d', options?.name, (input, layer) => batchNorm2dRule(input, options, layer), batchNorm2dParamShapes);
      },
      writable: true, configurable: true,
    });
  }

  /** A fully connected layer on the last dimension, `nn.Linear`. */
  linear<const Options extends LinearOptions>(options: Options & LinearErrors<S, Options>): Tensor<LinearShape<S, Options>> {
    return this.layer('linear', options?.name, (input, layer) => linearRule(input, options, layer), linearParamShapes);
  }

  /** Flattens dims startDim…endDim into one, `nn.Flatten` (a view). */
  flatten<const StartDim extends number = 1, const EndDim extends number = -1>(...[startDim, endDim]: FlattenArgs<S, StartDim, EndDim>): Tensor<FlattenShape<S, StartDim, EndDim>> {
    return this.layer('flatten', undefined, (input) => flattenRule(input, startDim, endDim));
  }

  /** A view with a new shape of the same element count; at most one `-1`, inferred. */
  reshape<const Target extends readonly Dim[]>(shape: Target & ReshapeErrors<S, Target>): Tensor<ReshapeShape<S, Target>> {
    return this.layer('reshape', undefined, (input) => reshapeRule(input, shape));
  }

  /** Nearest-neighbour upsampling by integer factors, `nn.Upsample(mode='nearest')`. */
  upsample<const Options extends UpsampleOptions>(options: Options & UpsampleErrors<S, Options>): Tensor<UpsampleShape<S, Options>> {
    return this.layer('upsample', undefined, (input, layer) => upsampleRule(input, options, layer));
  }

  /** `nn.Dropout(p)`: the identity at inference, kept so layer indices match PyTorch's. */
  dropout(p = 0.5): Tensor<S> {
    return this.layer('dropout', undefined, (input) => dropoutRule(input, p));
  }

  /** Softmax over `dim` (default the last), `nn.Softmax`. */
  softmax<const SoftmaxDim extends number = -1>(dim?: SoftmaxDim & SoftmaxErrors<S, SoftmaxDim>): Tensor<S> {
    return this.layer('softmax', undefined, (input) => softmaxRule(input, dim));
  }

  private activation(op: ActivationOp, slope?: number): Tensor<S> {
    return this.layer(op, undefined, (input) => activationRule(op, input, slope));
  }
  /** max(0, x) */
  relu(): Tensor<S> { return this.activation('relu'); }
  /** min(max(0, x), 6) */
  relu6(): Tensor<S> { return this.activation('relu6'); }
  /** x for x ≥ 0, slope·x otherwise. */
  leakyRelu(slope = 0.01): Tensor<S> { return this.activation('leakyRelu', slope); }
  /** 1 / (1 + e^−x) */
  sigmoid(): Tensor<S> { return this.activation('sigmoid'); }
  tanh(): Tensor<S> { return this.activation('tanh'); }
  /** Exact GELU, x·Φ(x) with the erf form, as PyTorch's default. */
  gelu(): Tensor<S> { return this.activation('gelu'); }
  /** x·sigmoid(x) */
  silu(): Tensor<S> { return this.activation('silu'); }
  /** x·relu6(x + 3) / 6 */
  hardswish(): Tensor<S> { return this.activation('hardswish'); }
  /** relu6(x + 3) / 6 */
  hardsigmoid(): Tensor<S> { return this.activation('hardsigmoid'); }

  /**
   * Applies a block written as a generic function. `scope` prefixes the parameter names inside the
   * block (`'layer2.0'` gives `layer2.0.conv1.weight`); without one the block takes this call's
   * nn.Sequential index as its scope, like a nested `nn.Sequential`. A block that does not fit this
   * tensor is a compile error here.
   */
  apply<Result extends Tensor<Shape>>(block: ((x: Tensor<S>) => Result) & ApplyErrors<Result>, scope?: string): Result {
    const index = this.scope.next();
    const prefix = this.scope.qualify(checkName('apply', scope) ?? String(index));
    const result = (block as (x: Tensor<S>) => Result)(new Tensor<S>(this.node, new Scope(prefix)));
    if (!(result instanceof Tensor)) {
      throw new ShapeError(`apply: the block for scope '${prefix}' must return a Tensor, got ${result === null ? 'null' : typeof result}`);
    }
    return new Tensor(result.node, this.scope) as Result;
  }
}

/** @internal A tensor for a node made outside a method (free functions, inputs). */
export function tensorOf<S extends Shape>(node: BuildNode, scope: Scope): Tensor<S> {
  return new Tensor<S>(node, scope);
}
