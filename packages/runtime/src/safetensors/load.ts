/** `loadSafetensors`: bytes, a file path (Node) or a URL (fetch; `file:` read from disk in Node). */
import { StrideError } from '../errors.js';
import { parseSafetensors, type ParseOptions, type Weights } from './parse.js';

export type WeightsSource = ArrayBuffer | Uint8Array | string | URL;

async function readPath(path: string | URL): Promise<Uint8Array> {
  try {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    // The Buffer's own memory, not a copy (a file read whole is not in Node's shared pool).
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    throw new StrideError('io', `safetensors: cannot read ${String(path)}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Loads a safetensors file.
 * @example const weights = await loadSafetensors('weights/lenet5.safetensors');
 */
export async function loadSafetensors(source: WeightsSource, options?: ParseOptions): Promise<Weights> {
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return parseSafetensors(source, options);
  if (typeof source === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return parseSafetensors(await readPath(source), options);
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new StrideError('io', `safetensors: cannot load from ${Object.prototype.toString.call(source).slice(8, -1)}; pass an ArrayBuffer, a Uint8Array, a path or a URL`);
  }
  let url: URL;
  try {
    url = source instanceof URL ? source : new URL(source);
  } catch (error) {
    throw new StrideError('io', `safetensors: ${JSON.stringify(source)} is neither a path nor a valid URL`, { cause: error });
  }
  if (url.protocol === 'file:') return parseSafetensors(await readPath(url), options);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new StrideError('io', `safetensors: cannot fetch ${url.href}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new StrideError('io', `safetensors: fetching ${url.href} gave HTTP ${response.status}`);
  return parseSafetensors(new Uint8Array(await response.arrayBuffer()), options);
}
