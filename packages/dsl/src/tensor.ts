/**
 * `Tensor<S>`: a value flowing through a network under construction, typed by its shape. Each layer
 * method checks its options and their fit to the shape twice — at compile time through the op's
 * type-level checks (errors typed onto the offending option, see ops/options.ts and ops/rule.ts) and at
 * run time through the twins (a thrown `ShapeError` with the same sentences, naming the layer and the
 * line of the call) — then records a node and returns the next tensor.
 *
 * Building is immutable: a tensor points at the node that made it, and `model()` collects the nodes
 * reachable from the outputs. Only naming is shared mutable state: a `Scope` hands out nn.Sequential
 * indices to the layer calls made in it.
 */
import type { ActivationOp, Dim, OpAttrs, OpName, Param } from './ir.js';
import { captureSite, formatShape, formatSite, formatValue, ShapeError, type CallSite, type Entry, type FormatShape, type ShapeErrorMessage } from './errors.js';
import type { FailedShape, MessageOf, UnknownRank } from './ops/rule.js';
import { layerLabel, type CheckedOptions, type OptionsLike, type OptionsObjectErrors, type WholeOptionErrors } from './ops/options.js';
import { activationRule, type LeakyReluErrors } from './ops/activation.js';
import { adaptiveAvgPool2dRule, type AdaptiveAvgPool2dErrors, type AdaptiveAvgPool2dShape } from './ops/adaptiveAvgPool2d.js';
import { adaptiveMaxPool2dRule, type AdaptiveMaxPool2dErrors, type AdaptiveMaxPool2dShape } from './ops/adaptiveMaxPool2d.js';
import { groupNormParamShapes, groupNormRule, type GroupNormErrors, type GroupNormOptionKinds, type GroupNormOptions, type GroupNormShape } from './ops/groupNorm.js';
import {
  instanceNorm2dParamShapes, instanceNorm2dRule, type InstanceNorm2dErrors, type InstanceNorm2dFit, type InstanceNorm2dOptionKinds, type InstanceNorm2dOptions,
  type InstanceNorm2dRule, type InstanceNorm2dShape,
} from './ops/instanceNorm2d.js';
import { layerNormParamShapes, layerNormRule, type LayerNormErrors, type LayerNormOptionKinds, type LayerNormOptions, type LayerNormShape } from './ops/layerNorm.js';
import { avgPool2dRule, type AvgPool2dOptions, type AvgPool2dShape, type AvgPool2dOptionKinds } from './ops/avgPool2d.js';
import {
  batchNorm2dParamShapes, batchNorm2dRule, type BatchNorm2dErrors, type BatchNorm2dOptions, type BatchNorm2dRule, type BatchNorm2dShape,
  type BatchNorm2dFit, type BatchNorm2dOptionKinds,
} from './ops/batchNorm2d.js';
import { conv2dParamShapes, conv2dRule, type Conv2dErrors, type Conv2dOptionKinds, type Conv2dOptions, type Conv2dShape } from './ops/conv2d.js';
import {
  convTranspose2dParamShapes, convTranspose2dRule, type ConvTranspose2dErrors, type ConvTranspose2dOptions, type ConvTranspose2dShape,
  type ConvTranspose2dOptionKinds,
} from './ops/convTranspose2d.js';
import { dropoutRule, type DropoutErrors } from './ops/dropout.js';
import { flattenRule, type FlattenDefaultFit, type FlattenErrors, type FlattenRule, type FlattenShape } from './ops/flatten.js';
import { linearParamShapes, linearRule, type LinearErrors, type LinearOptionKinds, type LinearOptions, type LinearShape } from './ops/linear.js';
import { maxPool2dRule, type MaxPool2dOptionKinds, type MaxPool2dOptions, type MaxPool2dShape, type PoolErrors } from './ops/maxPool2d.js';
import { reshapeRule, type ReshapeErrors, type ReshapeShape } from './ops/reshape.js';
import { softmaxRule, type SoftmaxErrors } from './ops/softmax.js';
import { upsampleRule, type UpsampleErrors, type UpsampleOptionKinds, type UpsampleOptions, type UpsampleShape } from './ops/upsample.js';
import {
  clampRule, hardtanhRule, type ClampErrors, type ClampOptionKinds, type ClampOptions, type HardtanhErrors, type HardtanhOptionKinds, type HardtanhOptions,
} from './ops/clamp.js';
import { eluRule, type EluErrors } from './ops/elu.js';
import { logSoftmaxRule, type LogSoftmaxErrors } from './ops/logSoftmax.js';
import { meanRule, type MeanErrors, type MeanShape } from './ops/mean.js';
import type { PairOption, Shape } from './shape.js';

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
  /** Where the call that made it is in the network's source, for errors found later (`model()`). Not part of the IR. */
  readonly site?: CallSite;
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

/**
 * A `ShapeError` thrown inside a call, located: which call (`conv2d 'layer1.0.conv1'`) and where it is
 * in the network's source; its stack starts at the user's call. Other errors pass through.
 */
export function located(error: unknown, layer: string, site: CallSite | undefined, entry: Entry): unknown {
  if (!(error instanceof ShapeError) || error.layer !== undefined) return error;
  const out = new ShapeError(error.sentences, { layer, site: formatSite(site) });
  (Error as { captureStackTrace?: (target: object, entry?: unknown) => void }).captureStackTrace?.(out, entry);
  return out;
}

function checkScope(op: string, scope: unknown): string | undefined {
  if (scope === undefined) return undefined;
  if (typeof scope !== 'string' || scope.length === 0) throw new ShapeError(`${op}: scope must be a non-empty string, got ${formatValue(scope)}`);
  return scope;
}

function nameOf(options: unknown): unknown {
  return typeof options === 'object' && options !== null ? (options as { name?: unknown }).name : undefined;
}

/**
 * The `this` of a call that may not fit without any argument to underline: the tensor itself, or the
 * sentence, reported on the tensor the method is called on. Indexed by a fit that is 'ok' for an
 * unknown rank, so generic blocks see the method (see ops/rule.ts).
 */
type BatchNorm2dThis<S extends Shape> = { ok: Tensor<S>; '': ShapeErrorMessage<MessageOf<BatchNorm2dRule<S>>> }[BatchNorm2dFit<S>];
/** `instanceNorm2d()`'s `this`: as `BatchNorm2dThis`. */
type InstanceNorm2dThis<S extends Shape> = { ok: Tensor<S>; '': ShapeErrorMessage<MessageOf<InstanceNorm2dRule<S>>> }[InstanceNorm2dFit<S>];
/** `flatten()`'s `this`: as `BatchNorm2dThis`, for the default range 1…−1. */
type FlattenThis<S extends Shape> = { ok: Tensor<S>; '': ShapeErrorMessage<MessageOf<FlattenRule<S, 1, -1>>> }[FlattenDefaultFit<S>];

/** The shape a block returns, or a `FailedShape`'s sentence. */
type BlockMessage<Op extends string, Result> =
  Result extends Tensor<infer Out> ? (Out extends FailedShape<infer Message> ? `${Op}: the block does not fit its input: ${Message}` : never) : never;
/** 'ok', or '' when the block's result is a failed shape (a deferred result resolves through its constraint, `Shape`: 'ok'). */
type BlockVerdict<Result> = Result extends Tensor<infer Out> ? (Out extends FailedShape<string> ? '' : 'ok') : 'ok';
/** What `apply`'s block is intersected with: `unknown`, or the sentence of what failed inside it. */
type ApplyErrors<Result> = { ok: unknown; '': ShapeErrorMessage<BlockMessage<'apply', Result>> }[BlockVerdict<Result>];

/** Whether two shapes can be the same: same rank, and no position where both are different literals. */
type SameShape<A extends Shape, B extends Shape> =
  UnknownRank<A> extends true ? true : UnknownRank<B> extends true ? true
  : A['length'] extends B['length'] ? SameDims<A, B> : false;
type SameDims<A extends Shape, B extends Shape> =
  A extends readonly [infer HeadA, ...infer RestA extends Shape]
    ? B extends readonly [infer HeadB, ...infer RestB extends Shape]
      ? (number extends HeadA ? true : number extends HeadB ? true : [HeadA] extends [HeadB] ? true : false) extends true ? SameDims<RestA, RestB> : false
      : true
    : true;
type RepeatMessage<S extends Shape, Result> =
  Result extends Tensor<infer Out>
    ? `repeat: a repeated block must keep its input's shape, but this one turns ${FormatShape<S>} into ${FormatShape<Out>}`
    : never;
/**
 * 'ok'; '' when the block fails inside; 'shape' when it is repeated more than once and changes the
 * shape, so its second application cannot be typed from the first (TypeScript instantiates a generic
 * block once per call site). 'ok' for a count of 0, which never runs the block. Distributive over S and
 * 'ok' for an unknown rank, as every verdict.
 */
type RepeatVerdict<S extends Shape, Count extends number, Result> =
  S extends unknown
    ? UnknownRank<S> extends true ? 'ok'
      : [Count] extends [0] ? 'ok'
      : BlockVerdict<Result> extends '' ? ''
      : Count extends 0 | 1 ? 'ok'
      : Result extends Tensor<infer Out> ? (SameShape<S, Out> extends true ? 'ok' : 'shape') : 'ok'
    : never;
type RepeatErrors<S extends Shape, Count extends number, Result> =
  { ok: unknown; '': ShapeErrorMessage<BlockMessage<'repeat', Result>>; shape: ShapeErrorMessage<RepeatMessage<S, Result>> }[RepeatVerdict<S, Count, Result>];
type RepeatCountCheck<Count extends number> =
  number extends Count ? 'ok' : `${Count}` extends `-${string}` | `${string}.${string}` | `${string}e${string}` ? `repeat: count must be a non-negative integer, got ${Count}` : 'ok';
type RepeatCountErrors<Count extends number, Whole extends number = Count> =
  Count extends unknown ? { ok: unknown; bad: ShapeErrorMessage<RepeatCountCheck<Whole>> }[RepeatCountCheck<Whole> extends 'ok' ? 'ok' : 'bad'] : never;
/** The tensor after `repeat`: the input for a count of 0, else the block's result (the same shape, if repeated). */
type Repeated<S extends Shape, Count extends number, Result> = [Count] extends [0] ? Tensor<S> : Result;

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
  // reports TS2636 here; structurally, the `this` checks of `batchNorm2d` and `flatten` (the sentence
  // when they do not fit) would otherwise make every tensor of a shape they do not fit unassignable to
  // `Tensor<Shape>`.
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
   * Records a layer called on this tensor. The rule throws `ShapeError` for options that do not fit;
   * it is rethrown naming the layer (`conv2d 'layer1.0.conv1'`, by its name or nn.Sequential index) and
   * the line of the call, captured here from `entry` (the public method the user called).
   */
  private layer<Op extends OpName>(
    op: Op, name: unknown, entry: Entry, rule: (input: Dim[]) => { attrs: OpAttrs[Op]; shape: Dim[] }, paramShapes?: (attrs: OpAttrs[Op]) => ParamShapes,
    /** The method's name where it records another op (hardtanh records clamp), for the error's label. */
    call: string = op,
  ): Tensor<never> {
    const site = captureSite(entry);
    const index = this.scope.next();
    const layerName = this.scope.qualify(typeof name === 'string' && name.length > 0 ? name : String(index));
    let result: { attrs: OpAttrs[Op]; shape: Dim[] };
    try {
      result = rule([...this.node.shape]);
    } catch (error) {
      throw located(error, layerLabel(call, layerName), site, entry);
    }
    const params: Record<string, Param> = {};
    for (const [role, paramShape] of Object.entries(paramShapes?.(result.attrs) ?? {})) {
      if (paramShape) params[role] = { name: `${layerName}.${role}`, shape: paramShape };
    }
    const node: BuildNode = { seq: nextSequence(), op, name: layerName, inputs: [this.node], attrs: result.attrs, shape: result.shape, params, site };
    return new Tensor(node, this.scope);
  }

  /** 2-D convolution, `nn.Conv2d`. Out = ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. */
  conv2d<const Options extends OptionsLike<Conv2dOptions>>(
    options: CheckedOptions<Conv2dOptionKinds, Options> & WholeOptionErrors<Conv2dOptionKinds, Options> & Conv2dErrors<S, Options> & Options,
  ): Tensor<Conv2dShape<S, Options>> {
    return this.layer('conv2d', nameOf(options), Tensor.prototype.conv2d, (input) => conv2dRule(input, options as unknown as Conv2dOptions), conv2dParamShapes);
  }

  /** Transposed convolution, `nn.ConvTranspose2d`. Out = (in − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1. */
  convTranspose2d<const Options extends OptionsLike<ConvTranspose2dOptions>>(
    options: CheckedOptions<ConvTranspose2dOptionKinds, Options> & WholeOptionErrors<ConvTranspose2dOptionKinds, Options> & ConvTranspose2dErrors<S, Options> & Options,
  ): Tensor<ConvTranspose2dShape<S, Options>> {
    return this.layer('convTranspose2d', nameOf(options), Tensor.prototype.convTranspose2d,
      (input) => convTranspose2dRule(input, options as unknown as ConvTranspose2dOptions), convTranspose2dParamShapes);
  }

  /** Max pooling, `nn.MaxPool2d`; stride defaults to the kernel size. */
  maxPool2d<const Options extends OptionsLike<MaxPool2dOptions>>(
    options: CheckedOptions<MaxPool2dOptionKinds, Options> & WholeOptionErrors<MaxPool2dOptionKinds, Options> & PoolErrors<'maxPool2d', S, Options> & Options,
  ): Tensor<MaxPool2dShape<S, Options>> {
    return this.layer('maxPool2d', undefined, Tensor.prototype.maxPool2d, (input) => maxPool2dRule(input, options as unknown as MaxPool2dOptions));
  }

  /** Average pooling, `nn.AvgPool2d`; stride defaults to the kernel size. */
  avgPool2d<const Options extends OptionsLike<AvgPool2dOptions>>(
    options: CheckedOptions<AvgPool2dOptionKinds, Options> & WholeOptionErrors<AvgPool2dOptionKinds, Options> & PoolErrors<'avgPool2d', S, Options> & Options,
  ): Tensor<AvgPool2dShape<S, Options>> {
    return this.layer('avgPool2d', undefined, Tensor.prototype.avgPool2d, (input) => avgPool2dRule(input, options as unknown as AvgPool2dOptions));
  }

  /** Adaptive average pooling to a fixed output size, `nn.AdaptiveAvgPool2d`. */
  adaptiveAvgPool2d<const Size>(outputSize: AdaptiveAvgPool2dErrors<S, Size> & Size): Tensor<AdaptiveAvgPool2dShape<S, Size>> {
    return this.layer('adaptiveAvgPool2d', undefined, Tensor.prototype.adaptiveAvgPool2d, (input) => adaptiveAvgPool2dRule(input, outputSize as PairOption));
  }

  /** Adaptive max pooling to a fixed output size, `nn.AdaptiveMaxPool2d`: the maximum of PyTorch's bins ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1. */
  adaptiveMaxPool2d<const Size>(outputSize: AdaptiveMaxPool2dErrors<S, Size> & Size): Tensor<AdaptiveMaxPool2dShape<S, Size>> {
    return this.layer('adaptiveMaxPool2d', undefined, Tensor.prototype.adaptiveMaxPool2d, (input) => adaptiveMaxPool2dRule(input, outputSize as PairOption));
  }

  /**
   * Group normalization, `nn.GroupNorm(numGroups, C)`: each image's channels in `numGroups` groups,
   * each normalized over its channels and pixels; with `affine` (default) a per-channel `weight` and `bias`.
   */
  groupNorm<const Groups, const Options extends OptionsLike<GroupNormOptions> = {}>(
    numGroups: GroupNormErrors<S, Groups> & Groups,
    options?: CheckedOptions<GroupNormOptionKinds, Options> & OptionsObjectErrors<GroupNormOptionKinds, Options> & Options,
  ): Tensor<GroupNormShape<S, Groups, Options>> {
    return this.layer('groupNorm', nameOf(options), Tensor.prototype.groupNorm,
      (input) => groupNormRule(input, numGroups, options as unknown as GroupNormOptions | undefined), groupNormParamShapes);
  }

  /**
   * Instance normalization, `nn.InstanceNorm2d(C)` (PyTorch's defaults: no affine, no running
   * statistics): each image's each channel normalized over its pixels. A misfit is reported on the tensor, as for batchNorm2d.
   */
  instanceNorm2d<const Options extends OptionsLike<InstanceNorm2dOptions> = {}>(
    this: InstanceNorm2dThis<S>,
    options?: CheckedOptions<InstanceNorm2dOptionKinds, Options> & InstanceNorm2dErrors<Options> & Options,
  ): Tensor<InstanceNorm2dShape<S, Options>> {
    return (this as unknown as Tensor).layer('instanceNorm2d', nameOf(options), Tensor.prototype.instanceNorm2d,
      (input) => instanceNorm2dRule(input, options as unknown as InstanceNorm2dOptions | undefined), instanceNorm2dParamShapes);
  }

  /**
   * Layer normalization over the trailing dimensions, `nn.LayerNorm(normalizedShape)`: they must equal
   * `normalizedShape` (a number for the last one); with `elementwiseAffine` (default) a `weight` and `bias` of that shape.
   */
  layerNorm<const Normalized, const Options extends OptionsLike<LayerNormOptions> = {}>(
    normalizedShape: LayerNormErrors<S, Normalized> & Normalized,
    options?: CheckedOptions<LayerNormOptionKinds, Options> & OptionsObjectErrors<LayerNormOptionKinds, Options> & Options,
  ): Tensor<LayerNormShape<S, Normalized, Options>> {
    return this.layer('layerNorm', nameOf(options), Tensor.prototype.layerNorm,
      (input) => layerNormRule(input, normalizedShape, options as unknown as LayerNormOptions | undefined), layerNormParamShapes);
  }

  /**
   * Batch norm with running statistics, `nn.BatchNorm2d` in eval mode. Whether it fits depends on the
   * input alone, so a misfit (not rank 4, symbolic channels) is reported on the tensor it is called on,
   * through its `this` parameter — with or without options.
   */
  batchNorm2d<const Options extends OptionsLike<BatchNorm2dOptions> = {}>(
    this: BatchNorm2dThis<S>,
    options?: CheckedOptions<BatchNorm2dOptionKinds, Options> & BatchNorm2dErrors<Options> & Options,
  ): Tensor<BatchNorm2dShape<S, Options>> {
    return (this as unknown as Tensor).layer('batchNorm2d', nameOf(options), Tensor.prototype.batchNorm2d,
      (input) => batchNorm2dRule(input, options as unknown as BatchNorm2dOptions | undefined), batchNorm2dParamShapes);
  }

  /** A fully connected layer on the last dimension, `nn.Linear`. */
  linear<const Options extends OptionsLike<LinearOptions>>(
    options: CheckedOptions<LinearOptionKinds, Options> & WholeOptionErrors<LinearOptionKinds, Options> & LinearErrors<S, Options> & Options,
  ): Tensor<LinearShape<S, Options>> {
    return this.layer('linear', nameOf(options), Tensor.prototype.linear, (input) => linearRule(input, options as unknown as LinearOptions), linearParamShapes);
  }

  /**
   * Flattens dims 1…−1 into one, `nn.Flatten()` (a view). Where that range does not fit (a rank-1
   * tensor, a symbolic dimension in it), the sentence is reported on the tensor it is called on.
   */
  flatten(this: FlattenThis<S>): Tensor<FlattenShape<S, 1, -1>>;
  /** Flattens dims startDim…endDim into one, `nn.Flatten(startDim, endDim)` (a view); negative dims count from the end. */
  flatten<const StartDim extends number, const EndDim extends number = -1>(
    startDim: FlattenErrors<S, StartDim, EndDim> & StartDim, endDim?: EndDim,
  ): Tensor<FlattenShape<S, StartDim, EndDim>>;
  flatten(startDim?: number, endDim?: number): Tensor<Shape> {
    return this.layer('flatten', undefined, Tensor.prototype.flatten, (input) => flattenRule(input, startDim, endDim));
  }

  /** A view with a new shape of the same element count; at most one `-1`, inferred. */
  reshape<const Target extends readonly Dim[]>(shape: ReshapeErrors<S, Target> & Target): Tensor<ReshapeShape<S, Target>> {
    return this.layer('reshape', undefined, Tensor.prototype.reshape, (input) => reshapeRule(input, shape));
  }

  /**
   * Upsampling (or downsampling) of the height and width, `nn.Upsample` / `F.interpolate`: nearest or
   * bilinear, to a `size` or by a `scaleFactor` (fractional factors give ⌊in × factor⌋, as PyTorch).
   */
  upsample<const Options extends OptionsLike<UpsampleOptions>>(
    options: CheckedOptions<UpsampleOptionKinds, Options> & WholeOptionErrors<UpsampleOptionKinds, Options> & UpsampleErrors<S, Options> & Options,
  ): Tensor<UpsampleShape<S, Options>> {
    return this.layer('upsample', undefined, Tensor.prototype.upsample, (input) => upsampleRule(input, options as unknown as UpsampleOptions));
  }

  /** `nn.Dropout(p)`: the identity at inference, kept so layer indices match PyTorch's. */
  dropout<const P = 0.5>(p?: DropoutErrors<P> & P): Tensor<S> {
    return this.layer('dropout', undefined, Tensor.prototype.dropout, (input) => dropoutRule(input, p as number | undefined));
  }

  /** Softmax over `dim` (default the last), `nn.Softmax`. */
  softmax<const SoftmaxDim = -1>(dim?: SoftmaxErrors<S, SoftmaxDim> & SoftmaxDim): Tensor<S> {
    return this.layer('softmax', undefined, Tensor.prototype.softmax, (input) => softmaxRule(input, dim as number | undefined));
  }

  private activation(op: ActivationOp, entry: Entry, slope?: number): Tensor<S> {
    return this.layer(op, undefined, entry, (input) => activationRule(op, input, slope));
  }
  /** max(0, x) */
  relu(): Tensor<S> { return this.activation('relu', Tensor.prototype.relu); }
  /** min(max(0, x), 6) */
  relu6(): Tensor<S> { return this.activation('relu6', Tensor.prototype.relu6); }
  /** x for x ≥ 0, slope·x otherwise. */
  leakyRelu<const Slope = 0.01>(slope?: LeakyReluErrors<Slope> & Slope): Tensor<S> { return this.activation('leakyRelu', Tensor.prototype.leakyRelu, slope as number | undefined); }
  /** 1 / (1 + e^−x) */
  sigmoid(): Tensor<S> { return this.activation('sigmoid', Tensor.prototype.sigmoid); }
  tanh(): Tensor<S> { return this.activation('tanh', Tensor.prototype.tanh); }
  /** Exact GELU, x·Φ(x) with the erf form, as PyTorch's default. */
  gelu(): Tensor<S> { return this.activation('gelu', Tensor.prototype.gelu); }
  /** x·sigmoid(x) */
  silu(): Tensor<S> { return this.activation('silu', Tensor.prototype.silu); }
  /** x·relu6(x + 3) / 6 */
  hardswish(): Tensor<S> { return this.activation('hardswish', Tensor.prototype.hardswish); }
  /** relu6(x + 3) / 6 */
  hardsigmoid(): Tensor<S> { return this.activation('hardsigmoid', Tensor.prototype.hardsigmoid); }

  /** x for x > 0, alpha·(eˣ − 1) otherwise, `nn.ELU(alpha)`. */
  elu<const Alpha = 1>(alpha?: EluErrors<Alpha> & Alpha): Tensor<S> {
    return this.layer('elu', undefined, Tensor.prototype.elu, (input) => eluRule(input, alpha));
  }
  /** min(max(x, min), max), `torch.clamp`; at least one bound. NaN stays NaN. */
  clamp<const Options extends OptionsLike<ClampOptions>>(
    options: CheckedOptions<ClampOptionKinds, Options> & ClampErrors<Options> & Options,
  ): Tensor<S> {
    return this.layer('clamp', undefined, Tensor.prototype.clamp, (input) => clampRule(input, options as unknown as ClampOptions));
  }
  /** clamp to [minVal, maxVal], default [−1, 1], `nn.Hardtanh`; recorded as the IR's `clamp`. */
  hardtanh<const Options extends OptionsLike<HardtanhOptions> = {}>(
    options?: CheckedOptions<HardtanhOptionKinds, Options> & HardtanhErrors<Options> & Options,
  ): Tensor<S> {
    return this.layer('clamp', undefined, Tensor.prototype.hardtanh, (input) => hardtanhRule(input, options as unknown as HardtanhOptions | undefined), undefined, 'hardtanh');
  }
  /** log softmax over `dim` (default the last), `nn.LogSoftmax`: x − max − log Σ e^(x − max), stable for large logits. */
  logSoftmax<const LogSoftmaxDim = -1>(dim?: LogSoftmaxErrors<S, LogSoftmaxDim> & LogSoftmaxDim): Tensor<S> {
    return this.layer('logSoftmax', undefined, Tensor.prototype.logSoftmax, (input) => logSoftmaxRule(input, dim as number | undefined));
  }
  /**
   * The mean over `dims` (a dimension or a list; negative ones count from the end), `torch.mean(x, dims, keepDim)`:
   * each removed from the shape, or kept as 1 with `keepDim`.
   */
  mean<const Dims, const KeepDim extends boolean = false>(dims: MeanErrors<S, Dims, KeepDim> & Dims, keepDim?: KeepDim): Tensor<MeanShape<S, Dims, KeepDim>> {
    return this.layer('mean', undefined, Tensor.prototype.mean, (input) => meanRule(input, dims, keepDim));
  }

  /**
   * Applies a block written as a generic function. `scope` prefixes the parameter names inside the
   * block (`'layer2.0'` gives `layer2.0.conv1.weight`); without one the block takes this call's
   * nn.Sequential index as its scope, like a nested `nn.Sequential`. A block that does not fit this
   * tensor is a compile error here.
   */
  apply<Result extends Tensor<Shape>>(block: ApplyErrors<Result> & ((x: Tensor<S>) => Result), scope?: string): Result {
    return this.applyBlock('apply', Tensor.prototype.apply, block as (x: Tensor<S>) => Result, scope);
  }

  private applyBlock<Result extends Tensor<Shape>>(op: string, entry: Entry, block: (x: Tensor<S>) => Result, scope: unknown): Result {
    const index = this.scope.next();
    const prefix = this.scope.qualify(checkScope(op, scope) ?? String(index));
    const result = block(new Tensor<S>(this.node, new Scope(prefix)));
    if (!(result instanceof Tensor)) {
      throw located(new ShapeError(`${op}: the block for scope '${prefix}' must return a Tensor, got ${formatValue(result)}`), op, captureSite(entry), entry);
    }
    return new Tensor(result.node, this.scope) as Result;
  }

  /**
   * Applies a block `count` times, each on the last one's result — a stage of residual blocks, typed
   * at every step. `scope` names the blocks: a prefix gives `<scope>.0`, `<scope>.1`, …; a function of
   * the index gives any name (`(i) => \`layer1.${i + 1}\``); without one each block takes the next
   * nn.Sequential index of this scope, as consecutive `apply` calls do. Repeated more than once, the
   * block must keep its input's shape (a compile error here, and at run time, otherwise); a block that
   * does not fit is a compile error here.
   * @example const layer1 = stem.apply(bottleneck(64, 256, 1), 'layer1.0').repeat(2, identity(64, 256), (i) => `layer1.${i + 1}`);
   */
  repeat<const Count extends number, Result extends Tensor<Shape>>(
    count: RepeatCountErrors<Count> & Count, block: RepeatErrors<S, Count, Result> & ((x: Tensor<S>) => Result), scope?: string | ((index: number) => string),
  ): Repeated<S, Count, Result> {
    const entry = Tensor.prototype.repeat;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw located(new ShapeError(`repeat: count must be a non-negative integer, got ${formatValue(count)}`), 'repeat', captureSite(entry), entry);
    }
    let x: Tensor = this;
    for (let index = 0; index < count; index++) {
      const name = typeof scope === 'function' ? scope(index) : scope === undefined ? undefined : `${checkScope('repeat', scope)}.${index}`;
      const next = x.applyBlock('repeat', entry, block as unknown as (t: Tensor) => Tensor, name);
      if (index === 0 && count > 1 && formatShape(next.node.shape) !== formatShape(x.node.shape)) {
        throw located(new ShapeError(`repeat: a repeated block must keep its input's shape, but this one turns ${formatShape(x.node.shape)} into ${formatShape(next.node.shape)}`),
          'repeat', captureSite(entry), entry);
      }
      x = next;
    }
    return x as unknown as Repeated<S, Count, Result>;
  }
}

/** @internal A tensor for a node made outside a method (free functions, inputs). */
export function tensorOf<S extends Shape>(node: BuildNode, scope: Scope): Tensor<S> {
  return new Tensor<S>(node, scope);
}
