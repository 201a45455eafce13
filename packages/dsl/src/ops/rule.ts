/**
 * How a layer's type-level rule reaches the editor. A rule yields the output shape or a
 * `Fail<option, sentence>`; a method's options parameter is typed `Options & ErrorsAt<Rule, Verdict>`.
 *
 * The verdict is a separate type that is distributive over the input shape and answers 'ok' when the
 * shape's rank is unknown. That matters inside generic blocks (`<S extends Shape>(x: Tensor<S>) => …`):
 * there the verdict is deferred, and TypeScript relates the argument to the table entry selected by the
 * verdict's constraint — the verdict instantiated with `Shape` itself, which is 'ok' — so a block
 * type-checks as written and is checked for real when `apply` instantiates it with a concrete shape.
 */
import type { ShapeErrorMessage } from '../errors.js';
import type { Shape } from '../shape.js';
import type { Fail } from './window.js';

/** The sentence of a failed rule. */
export type MessageOf<Rule> = Rule extends Fail<string, infer Message> ? Message : never;

/** The option a failed rule blames, `''` for the whole call, or 'ok'. */
export type VerdictOf<Rule> = Rule extends Fail<infer Option, string> ? Option : 'ok';

/** Options a rule may blame. */
export type BlamedOption =
  | 'outChannels' | 'kernelSize' | 'stride' | 'padding' | 'dilation' | 'groups' | 'outputPadding'
  | 'outFeatures' | 'outputSize' | 'scaleFactor' | 'startDim' | 'endDim' | 'dim' | 'shape';

/**
 * Indexed by a verdict: `unknown` for 'ok', the sentence for the whole argument (`''`), or an object
 * that types the blamed option as the sentence.
 */
export type ErrorTable<Message extends string> =
  { ok: unknown; '': ShapeErrorMessage<Message> } & { [Option in BlamedOption]: { [Key in Option]: ShapeErrorMessage<Message> } };

/** True when a shape's rank is not known at compile time (a type parameter's constraint, `number[]`). */
export type UnknownRank<S extends Shape> = number extends S['length'] ? true : false;

declare const failureBrand: unique symbol;
/**
 * The shape after a reported error: an unknown rank (so later layers report nothing more) that
 * remembers the sentence, so `apply` can report a block whose inside fails for the shape it is given.
 */
export type Failure<Message extends string> = import('../ir.js').Dim[] & { readonly [failureBrand]: Message };

/**
 * A rule's output shape for the editor: a failed rule becomes a `Failure`; an input of unknown rank
 * (including a failure) passes through unchanged. Distributive over S so that, inside a generic block,
 * the constraint of a chain of layers stays `Shape` however long the chain (see the header).
 */
export type Resolve<S extends Shape, Rule> =
  S extends unknown
    ? UnknownRank<S> extends true ? S
      : Rule extends Fail<string, infer Message> ? Failure<Message> : Rule extends import('../ir.js').Dim[] ? Rule : import('../ir.js').Dim[]
    : never;

/**
 * The type of a layer method that fits or not by the input shape alone (batchNorm2d): the method
 * itself, or the sentence, which has no call signature — so even a call without arguments is an
 * error, reported at the method's name ("This expression is not callable. Type 'ShapeErrorMessage<…>'
 * has no call signatures."). Indexed by a verdict that is 'ok' for an unknown rank, so generic blocks
 * see the method (see the header).
 */
export type MethodOrError<Verdict extends 'ok' | '', Rule, Method> = { ok: Method; '': ShapeErrorMessage<MessageOf<Rule>> }[Verdict];
