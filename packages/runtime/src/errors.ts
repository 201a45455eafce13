/**
 * The one error type `@stride/runtime` throws for bad input: a malformed weights file, weights that do
 * not fit the graph, wrong inputs, an invalid graph. `code` is stable for programs; `message` is a
 * sentence for people that names the tensor, input or layer, what was expected and what came.
 *
 * Bundles written by `stride build` carry their own copy of this class and export it, so
 * `error instanceof StrideError` holds for the class imported from the same bundle.
 */

/**
 * Every `code` a `StrideError` carries and what it means: the one list that the type below, the
 * declarations of built bundles and the README's table are written from.
 */
export const strideErrorCodes = {
  'weights-format': 'the bytes are not a valid safetensors file, or not the weights a bundle was built with',
  'weights-binding': "a valid safetensors file whose tensors do not fit the graph's parameters (missing, wrong shape, non-float, unexpected)",
  input: 'the inputs of run() or interpret(): missing, misnamed, not a Float32Array, or of the wrong length',
  graph: 'the IR itself is malformed or unsupported, or the network needs more memory than the engine can allocate',
  io: 'reading weights from a path or URL failed',
} as const;

export type StrideErrorCode = keyof typeof strideErrorCodes;

export class StrideError extends Error {
  readonly code: StrideErrorCode;
  constructor(code: StrideErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StrideError';
    this.code = code;
  }
}
