/**
 * The one error type `@stride/runtime` throws for bad input: a malformed weights file, weights that do
 * not fit the graph, wrong inputs, an invalid graph. `code` is stable for programs; `message` is a
 * sentence for people that names the tensor, input or layer, what was expected and what came.
 */
export type StrideErrorCode =
  | 'weights-format'   // the bytes are not a valid safetensors file
  | 'weights-binding'  // a valid file whose tensors do not fit the graph's parameters
  | 'input'            // run()/interpret() inputs: missing, misnamed, wrong type or length
  | 'graph'            // the IR itself is malformed or unsupported
  | 'io';              // reading a path or URL failed

export class StrideError extends Error {
  readonly code: StrideErrorCode;
  constructor(code: StrideErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StrideError';
    this.code = code;
  }
}
