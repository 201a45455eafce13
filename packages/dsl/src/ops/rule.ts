/**
 * How a layer's type-level rule reaches the editor. A rule yields the output shape or a
 * `Fail<option, sentence>`; a method's options parameter is typed `CheckedOptions<…> &
 * ErrorTable<…>[Verdict] & Options` (options.ts checks the options themselves, the rule their fit to the input).
 *
 * The verdict is a separate type that is distributive over the input shape and answers 'ok' when the
 * shape's rank is unknown. That matters inside generic blocks (`<S extends Shape>(x: Tensor<S>) => …`):
 * there the verdict is deferred, and TypeScript relates the argument to the table entry selected by the
 * verdict's constraint — the verdict instantiated with `Shape` itself, which is 'ok' — so a block
 * type-checks as written and is checked for real when `apply` instantiates it with a concrete shape.
 * The constraint must be exactly 'ok': an argument is related to a table indexed by a union as to the
 * intersection of the entries (TypeScript's rule for writing through `T[K]`), so every verdict is
 * distributive over the type that may be unknown, never a choice between two deferred outcomes.
 *
 * The output shape of each layer (`Conv2dShape<S, Options>`, …) is written in its op's file as a
 * conditional type of its own, not as an alias of a shared helper, so that inside a generic block the
 * editor shows `Tensor<BatchNorm2dShape<Conv2dShape<S, { … }>, {}>>` — the layers in the user's words.
 * Its branch hands the input and the options to the rule through `infer` (`[S, Options] extends [infer
 * Input, infer Given] ? RuleOutput<Conv2dRuleOf<Input, Given>> : never`). That changes no result, but
 * TypeScript measures the variance of an alias's parameters by instantiating its body with marker
 * types when it compares two instantiations (as it does checking `Tensor`'s `out S`); through `infer`
 * both sides reach the same rule and the measurement stops there, instead of walking every rule and
 * option check — about 60,000 instantiations less in every program that imports the DSL.
 */
import type { Dim } from '../ir.js';
import type { ShapeErrorMessage } from '../errors.js';
import type { Shape } from '../shape.js';
import type { Fail } from './window.js';

/** The sentence of a failed rule. */
export type MessageOf<Rule> = Rule extends Fail<string, infer Message> ? Message : never;

/** The option a failed rule blames, `''` for the whole call, `'#options'` for options.ts's own problems, or 'ok'. */
export type VerdictOf<Rule> = Rule extends Fail<infer Option, string> ? Option : 'ok';

/** Options a rule may blame. */
export type BlamedOption =
  | 'outChannels' | 'kernelSize' | 'stride' | 'padding' | 'dilation' | 'groups' | 'outputPadding'
  | 'outFeatures' | 'outputSize' | 'scaleFactor' | 'alignCorners' | 'startDim' | 'endDim' | 'dim' | 'shape';

/**
 * Indexed by a verdict: `unknown` for 'ok' and for problems `CheckedOptions` already puts on their keys
 * ('#options'), the sentence for the whole argument (`''`), or an object that types the blamed option
 * as the sentence.
 */
export type ErrorTable<Message extends string> =
  { ok: unknown; '#options': unknown; '': ShapeErrorMessage<Message> } & { [Option in BlamedOption]: { [Key in Option]: ShapeErrorMessage<Message> } };

/** True when a shape's rank is not known at compile time (a type parameter's constraint, `number[]`). */
export type UnknownRank<S extends Shape> = number extends S['length'] ? true : false;

declare const failedShape: unique symbol;
/**
 * The shape after a reported error: an unknown rank (so later layers report nothing more) that
 * remembers the sentence, so `apply` can report a block whose inside fails for the shape it is given.
 */
export type FailedShape<Message extends string> = Dim[] & { readonly [failedShape]: Message };

/** A rule's result as a shape: the output, a `FailedShape`, or `Dim[]` when the rule cannot tell. Not distributive over the input. */
export type RuleOutput<Rule> = Rule extends Fail<string, infer Message> ? FailedShape<Message> : Rule extends Dim[] ? Rule : Dim[];

