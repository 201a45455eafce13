/** A bundle's WebAssembly module back from the string it carries it in. */
import { StrideError } from '../errors.js';

/**
 * The bytes of `text`, one per character (codegen's `byteLiteral` wrote them so: gzip compresses
 * that about twice as well as base64). `model` names the bundle in the error a character past
 * U+00FF gets: no build writes one, so the file was changed after `stride build`.
 */
export function decodeByteString(text: string, model: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) {
      throw new StrideError('graph', `model ${JSON.stringify(model)}: character ${i} of its WebAssembly module is U+${code.toString(16).toUpperCase().padStart(4, '0')}, not a byte (U+0000–U+00FF); the bundle was changed after stride build wrote it — rebuild it`);
    }
    bytes[i] = code;
  }
  return bytes;
}
