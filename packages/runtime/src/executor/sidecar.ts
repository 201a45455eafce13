/**
 * The sidecar `stride build` writes beside a bundle: a safetensors file with one tensor, `weights`,
 * F32 or F16 with shape [n]. The file may come from anywhere (`create({ weights })`), so every
 * header field is checked before its bytes are trusted; a bad file is a StrideError, never a
 * TypeError or bytes read from the wrong place. Reading needs only the header: a loader that reads
 * the tensor straight to where it goes (the wasm executor) reads the first bytes, then the rest.
 */
import { StrideError } from '../errors.js';

const fail = (problem: string): never => {
  throw new StrideError('weights-format', `sidecar weights: ${problem}`);
};

/** Bytes of the file before its data: the 8-byte length and the JSON header, from the first 8 bytes. */
export function sidecarHeaderBytes(first: Uint8Array, fileBytes: number): number {
  if (fileBytes < 8 || first.byteLength < 8) fail('file is shorter than a safetensors header');
  const view = new DataView(first.buffer, first.byteOffset, 8);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (8 + headerLength > fileBytes) fail('header runs past the end of the file');
  return 8 + headerLength;
}

/** The tensor `weights` of a file of `fileBytes` bytes whose start (at least its header) is `head`: its dtype and byte range in the file. */
export function sidecarTensor(head: Uint8Array, fileBytes: number): { dtype: 'F32' | 'F16'; begin: number; end: number } {
  const headerBytes = sidecarHeaderBytes(head, fileBytes);
  if (head.byteLength < headerBytes) fail('header runs past the end of the file');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(head.subarray(8, headerBytes)));
  } catch {
    return fail('header is not JSON');
  }
  const entry = typeof header === 'object' && header !== null && Object.prototype.hasOwnProperty.call(header, 'weights') ? (header as Record<string, unknown>).weights : undefined;
  const { dtype, shape, data_offsets: offsets } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const index = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  const dataBytes = fileBytes - headerBytes;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !index(offsets[0]) || !index(offsets[1]) || offsets[0] > offsets[1] || offsets[1] > dataBytes) {
    fail("no valid 'weights' tensor in the file (data_offsets missing or outside the data)");
  }
  const [begin, end] = offsets as [number, number];
  if (dtype !== 'F32' && dtype !== 'F16') fail(`tensor 'weights' has dtype ${JSON.stringify(dtype)}; a bundle reads F32 or F16`);
  if (!Array.isArray(shape) || shape.length !== 1 || !index(shape[0]) || shape[0] * (dtype === 'F16' ? 2 : 4) !== end - begin) {
    fail(`tensor 'weights' has shape ${JSON.stringify(shape)}, which does not match its ${end - begin} bytes of ${dtype as string}`);
  }
  return { dtype: dtype as 'F32' | 'F16', begin: headerBytes + begin, end: headerBytes + end };
}
