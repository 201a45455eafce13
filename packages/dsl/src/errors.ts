/**
 * Shape errors, written once for each audience: the type checker shows them where the bad option is
 * (`ShapeErrorMessage<…>` typed onto that option), and the runtime twins throw `ShapeError` with the
 * identical sentence for plain JavaScript callers and `number` dimensions.
 */

declare const shapeErrorBrand: unique symbol;

/**
 * A type no value satisfies, carrying a sentence: an option typed as `5 & ShapeErrorMessage<'…'>`
 * makes the editor underline that option and print the sentence.
 */
export interface ShapeErrorMessage<Message extends string> {
  readonly [shapeErrorBrand]: Message;
}

/** Thrown while a network is built when a layer does not fit; `layer` names the offending call. */
export class ShapeError extends Error {
  readonly layer: string | undefined;
  constructor(message: string, layer?: string) {
    super(layer ? `${message} [at layer '${layer}']` : message);
    this.name = 'ShapeError';
    this.layer = layer;
  }
}

/** Formats a shape the way TypeScript prints a tuple type, so both audiences read the same text. */
export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (typeof d === 'string' ? `'${d}'` : String(d))).join(', ')}]`;
}

/** The type-level twin of `formatShape`. */
export type FormatShape<Shape extends readonly unknown[], Acc extends string = ''> =
  Shape extends readonly [infer Head, ...infer Rest]
    ? FormatShape<Rest, Acc extends '' ? FormatDim<Head> : `${Acc}, ${FormatDim<Head>}`>
    : `[${Acc}]`;
type FormatDim<Value> = Value extends string ? `'${Value}'` : Value extends number ? `${Value}` : 'number';
