/** Base64 decoding for bundles' inline weights (their wasm modules are byte strings: byteString.ts). */
/** Base64 to bytes without Buffer or atob, so the same code runs in Node, browsers and workers. */
export function decodeBase64(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lookup = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let position = 0;
  for (let i = 0; i < clean.length; i++) {
    bits = (bits << 6) | lookup[clean.charCodeAt(i)];
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[position++] = (bits >> count) & 0xff;
    }
  }
  return out;
}
