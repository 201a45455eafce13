// ../errors.ts
var StrideError = class extends Error {
  code;
  constructor(code, message, options) {
    super(message, options);
    this.name = "StrideError";
    this.code = code;
  }
};

// ../safetensors/dtypes.ts
var dtypeSizes = Object.freeze(Object.assign(/* @__PURE__ */ Object.create(null), {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1
}));
var f32 = new Float32Array(1);
var u32 = new Uint32Array(f32.buffer);
function float16ToFloat32(bits) {
  const sign = bits & 32768 ? -1 : 1;
  const exponent = bits >> 10 & 31;
  const fraction = bits & 1023;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

// ../../../dsl/src/ir.ts
function elementCount(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

// ../../../dsl/src/ops/options.ts
function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_2, j) => i === 0 ? j : j === 0 ? i : 0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

// ../inputs.ts
var shapeText = (shape) => `[${shape.map((d) => typeof d === "string" ? `'${d}'` : String(d)).join(", ")}]`;
function describe(value) {
  if (value === null || value === void 0) return String(value);
  if (typeof value === "string") return `the string ${quote(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `the ${typeof value} ${String(value)}`;
  if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
  if (Array.isArray(value)) return `a plain Array of ${value.length} values`;
  if (ArrayBuffer.isView(value)) return `a ${Object.prototype.toString.call(value).slice(8, -1)} of ${value.length} values`;
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}
var quote = (text) => `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
function isDetached(array) {
  const buffer = array.buffer;
  return buffer.detached === true || buffer.byteLength === 0 && array.byteLength === 0 && array.length === 0;
}
function checkInputs(specs, inputs) {
  const names = specs.map((s) => `'${s.name}'`).join(", ");
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs) || ArrayBuffer.isView(inputs)) {
    throw new StrideError("input", `inputs: expected an object of Float32Arrays keyed by input name (${names}), got ${describe(inputs)}`);
  }
  const record = inputs;
  const bindings = /* @__PURE__ */ new Map();
  for (const spec2 of specs) {
    const known = spec2.shape.reduce((acc, d) => typeof d === "number" ? acc * d : acc, 1);
    const symbols = spec2.shape.filter((d) => typeof d === "string");
    const expected = symbols.length === 0 ? `${known} values` : `a multiple of ${known} values`;
    if (!Object.prototype.hasOwnProperty.call(record, spec2.name)) {
      const given = Object.keys(record);
      const near = given.length <= 64 ? given.find((k) => k.length < 256 && editDistance(k, spec2.name) <= Math.max(1, Math.floor(spec2.name.length / 3))) : void 0;
      throw new StrideError("input", `missing input '${spec2.name}' (Float32Array, shape ${shapeText(spec2.shape)}, ${expected})` + (near ? `; got '${near}' — did you mean '${spec2.name}'?` : `; got ${given.length ? given.map((k) => `'${k}'`).join(", ") : "no inputs"}`));
    }
    const value = record[spec2.name];
    if (!(value instanceof Float32Array)) {
      throw new StrideError("input", `input '${spec2.name}' must be a Float32Array of shape ${shapeText(spec2.shape)} (${expected}); got ${describe(value)}`);
    }
    if (isDetached(value) && known > 0) {
      throw new StrideError("input", `input '${spec2.name}' is a Float32Array whose buffer is detached (transferred or resized away); expected shape ${shapeText(spec2.shape)}`);
    }
    if (symbols.length === 0) {
      if (value.length !== known) {
        throw new StrideError("input", `input '${spec2.name}' has ${value.length} values; expected ${known} for shape ${shapeText(spec2.shape)}`);
      }
      continue;
    }
    if (symbols.length > 1 && symbols.some((s) => !bindings.has(s))) {
      const unbound2 = symbols.filter((s) => !bindings.has(s));
      if (unbound2.length > 1) throw new StrideError("input", `input '${spec2.name}': cannot infer more than one symbolic dimension (${unbound2.join(", ")}) from its length`);
    }
    let fixed = known;
    let unbound;
    for (const s of symbols) {
      if (bindings.has(s)) fixed *= bindings.get(s);
      else unbound = s;
    }
    if (unbound === void 0) {
      if (value.length !== fixed) throw new StrideError("input", `input '${spec2.name}' has ${value.length} values; expected ${fixed} for shape ${shapeText(spec2.shape)} with ${symbols.map((s) => `${s} = ${bindings.get(s)}`).join(", ")}`);
      continue;
    }
    if (fixed === 0 || value.length % fixed !== 0 || value.length === 0) {
      throw new StrideError("input", `input '${spec2.name}' has ${value.length} values, not a positive multiple of ${fixed} as shape ${shapeText(spec2.shape)} needs`);
    }
    bindings.set(unbound, value.length / fixed);
  }
  const extra = Object.keys(record).filter((k) => !specs.some((s) => s.name === k));
  if (extra.length > 0) {
    throw new StrideError("input", `unexpected input${extra.length > 1 ? "s" : ""} ${extra.map((k) => `'${k}'`).join(", ")}; the model's inputs are ${names}`);
  }
  return bindings;
}

// network.ts
function networkOver(spec2, arena, arenaBytes, forward2, threads = { count: 1, dispose() {
} }) {
  const result = /* @__PURE__ */ Object.create(null);
  for (const output of spec2.outputs) {
    result[output.name] = arena.subarray(output.offset, output.offset + elementCount(output.shape));
  }
  Object.freeze(result);
  const inputSizes = spec2.inputs.map((input) => elementCount(input.shape));
  const inputCount = spec2.inputs.length;
  const slowCheck = (inputs) => {
    checkInputs(spec2.inputs, inputs);
    throw new StrideError("input", `inputs: expected exactly ${spec2.inputs.map((i) => `'${i.name}'`).join(", ")} as Float32Arrays`);
  };
  let disposed = false;
  return {
    model: spec2.model,
    inputs: spec2.inputs,
    outputs: spec2.outputs,
    arenaBytes,
    threads: threads.count,
    dispose() {
      disposed = true;
      threads.dispose();
    },
    run(inputs) {
      if (disposed) throw new StrideError("graph", `model ${JSON.stringify(spec2.model)} was disposed; create() it again to run it`);
      if (typeof inputs !== "object" || inputs === null) slowCheck(inputs);
      let seen = 0;
      for (const key in inputs) {
        if (Object.prototype.hasOwnProperty.call(inputs, key)) seen++;
      }
      if (seen !== inputCount) slowCheck(inputs);
      for (let i = 0; i < inputCount; i++) {
        const value = inputs[spec2.inputs[i].name];
        if (!(value instanceof Float32Array) || value.length !== inputSizes[i] || !Object.prototype.hasOwnProperty.call(inputs, spec2.inputs[i].name)) slowCheck(inputs);
        arena.set(value, spec2.inputs[i].offset);
      }
      forward2();
      return result;
    }
  };
}

// nodeFs.ts
function nodeFs() {
  const node = globalThis.process;
  const fs = node?.getBuiltinModule?.("node:fs");
  if (!fs) throw new Error("reading weights from a file path needs Node.js 20.16 or later (in a browser, pass a URL or the bytes)");
  return fs;
}

// sidecar.ts
var fail = (problem) => {
  throw new StrideError("weights-format", `sidecar weights: ${problem}`);
};
function sidecarHeaderBytes(first, fileBytes) {
  if (fileBytes < 8 || first.byteLength < 8) fail("file is shorter than a safetensors header");
  const view = new DataView(first.buffer, first.byteOffset, 8);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (8 + headerLength > fileBytes) fail("header runs past the end of the file");
  return 8 + headerLength;
}
function sidecarTensor(head, fileBytes) {
  const headerBytes = sidecarHeaderBytes(head, fileBytes);
  if (head.byteLength < headerBytes) fail("header runs past the end of the file");
  let header;
  try {
    header = JSON.parse(new TextDecoder().decode(head.subarray(8, headerBytes)));
  } catch {
    return fail("header is not JSON");
  }
  const entry = typeof header === "object" && header !== null && Object.prototype.hasOwnProperty.call(header, "weights") ? header.weights : void 0;
  const { dtype, shape, data_offsets: offsets } = typeof entry === "object" && entry !== null ? entry : {};
  const index = (value) => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
  const dataBytes = fileBytes - headerBytes;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !index(offsets[0]) || !index(offsets[1]) || offsets[0] > offsets[1] || offsets[1] > dataBytes) {
    fail("no valid 'weights' tensor in the file (data_offsets missing or outside the data)");
  }
  const [begin, end] = offsets;
  if (dtype !== "F32" && dtype !== "F16") fail(`tensor 'weights' has dtype ${JSON.stringify(dtype)}; a bundle reads F32 or F16`);
  if (!Array.isArray(shape) || shape.length !== 1 || !index(shape[0]) || shape[0] * (dtype === "F16" ? 2 : 4) !== end - begin) {
    fail(`tensor 'weights' has shape ${JSON.stringify(shape)}, which does not match its ${end - begin} bytes of ${dtype}`);
  }
  return { dtype, begin: headerBytes + begin, end: headerBytes + end };
}

// index.ts
var littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 63;
function decodeWeights(spec2, bytes, owned = false) {
  const expected = spec2.weightFloats * (spec2.weightsDtype === "F16" ? 2 : 4);
  if (bytes.byteLength !== expected) {
    throw new StrideError("weights-format", `weights for model ${JSON.stringify(spec2.model)} are ${bytes.byteLength} bytes; this bundle needs ${expected} (${spec2.weightFloats} ${spec2.weightsDtype} values) — was it built with other weights?`);
  }
  if (owned && spec2.weightsDtype === "F32" && littleEndian && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, spec2.weightFloats);
  const out = new Float32Array(spec2.weightFloats);
  if (spec2.weightsDtype === "F32" && littleEndian) {
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (spec2.weightsDtype === "F16") for (let i = 0; i < out.length; i++) out[i] = float16ToFloat32(view.getUint16(2 * i, true));
  else for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}
async function fetchWeights(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source !== "string" && !(source instanceof URL)) {
    throw new StrideError("io", `cannot load weights from ${Object.prototype.toString.call(source).slice(8, -1)}: pass a path, a URL, an ArrayBuffer or a Uint8Array`);
  }
  let url;
  try {
    url = typeof source === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(source) ? void 0 : new URL(source);
    if (!url || url.protocol === "file:") {
      const file = await nodeFs().promises.readFile(url ?? source);
      return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new StrideError("io", `cannot load weights from ${String(source)}: ${error.message}`, { cause: error });
  }
}
async function sidecarWeights(spec2, source) {
  const owned = !(source instanceof Uint8Array || source instanceof ArrayBuffer);
  return decodeWeights(spec2, sidecarTensorBytes(await fetchWeights(source)), owned);
}
function sidecarTensorBytes(file) {
  if (!(file instanceof Uint8Array)) throw new StrideError("weights-format", "sidecar weights: expected the bytes of a safetensors file");
  const { begin, end } = sidecarTensor(file, file.byteLength);
  return file.subarray(begin, end);
}
function createExecutor(spec2, kernels, stored) {
  if (stored.length !== spec2.weightFloats) {
    throw new StrideError("weights-format", `model ${JSON.stringify(spec2.model)} needs ${spec2.weightFloats} weights, got ${stored.length}`);
  }
  const { forward: forward2 } = kernels;
  const { w: weights, u: weights64 } = kernels.prepare(stored);
  const scratch2 = kernels.scratch();
  let buffer;
  try {
    buffer = new ArrayBuffer(spec2.arenaFloats * 4);
  } catch (error) {
    throw new StrideError("graph", `model ${JSON.stringify(spec2.model)} needs an arena of ${spec2.arenaFloats * 4} bytes, more than this engine can allocate`, { cause: error });
  }
  const arena = new Float32Array(buffer);
  return networkOver(spec2, arena, spec2.arenaFloats * 4 + scratch2.length * 8, () => forward2(arena, weights, scratch2, weights64));
}

// entry.js
const { forward, prepare, scratch } = (() => {
// Generated by Stride for model lenet5-mnist. Do not edit: rebuild with 'stride build'.
// forward(a, w, d, u): a is the arena (5880 floats), d the float64 scratch (8800 doubles, from scratch()), w and u the runtime weights (61706 floats, 7050 doubles, from prepare()).
// Kernels take the offsets of their tensors ($in, $out, $w, …) as parameters; every size and stride is in their code.
// input image [1, 1, 32, 32] at a[4704]
// output logits [1, 10] at a[0]

// conv2d/winograd-rows, [1, 1, 32, 32] → [1, 6, 28, 28]: conv2d 'conv1' + relu '1'
function k0(a, w, d, u, $in, $out, $w, $bias, $tmp, $u) {
  {
    const src = $in, dst = $out;
    {
      // input rows → V[ξ][c][row][t] = Bᵀ d, F(7, 5): 4 tiles of 11 columns per row
      let sum = 0;
      {
        for (let i = 0; i < 32; i++) {
          const row = src + i * 32, v = $tmp + i * 4;
          for (let t = 0; t < 4; t++) {
            const p = row + t * 7;
            const d0 = a[p]; const d1 = a[p + 1]; const d2 = a[p + 2]; const d3 = a[p + 3]; const d4 = a[p + 4]; const d5 = a[p + 5]; const d6 = a[p + 6]; const d7 = a[p + 7]; const d8 = a[p + 8]; const d9 = a[p + 9]; const d10 = a[p + 10];
            // Bᵀ row 0, exactly: -3, 9, 193/12, -193/4, -35/2, 105/2, 19/4, -57/4, -1/3, 1, 0
            const v0 = -3 * d0 + 9 * d1 + 16.083333333333332 * d2 - 48.25 * d3 - 17.5 * d4 + 52.5 * d5 + 4.75 * d6 - 14.25 * d7 - 0.3333333333333333 * d8 + d9;
            // Bᵀ row 1, exactly: 0, 3, -6, -265/12, 157/6, 131/3, -53/6, -163/12, 2/3, 1, 0
            const v1 = 3 * d1 - 6 * d2 - 22.083333333333332 * d3 + 26.166666666666668 * d4 + 43.666666666666664 * d5 - 8.833333333333334 * d6 - 13.583333333333334 * d7 + 0.6666666666666666 * d8 + d9;
            // Bᵀ row 2, exactly: 0, -3, 12, 49/12, -157/3, 209/6, 53/3, -155/12, -4/3, 1, 0
            const v2 = -3 * d1 + 12 * d2 + 4.083333333333333 * d3 - 52.333333333333336 * d4 + 34.833333333333336 * d5 + 17.666666666666668 * d6 - 12.916666666666666 * d7 - 1.3333333333333333 * d8 + d9;
            // Bᵀ row 3, exactly: 0, 3/2, -15/4, -119/12, 115/6, 55/3, -205/12, -131/12, 5/3, 1, 0
            const v3 = 1.5 * d1 - 3.75 * d2 - 9.916666666666666 * d3 + 19.166666666666668 * d4 + 18.333333333333332 * d5 - 17.083333333333332 * d6 - 10.916666666666666 * d7 + 1.6666666666666667 * d8 + d9;
            // Bᵀ row 4, exactly: 0, -3/2, 21/4, 65/12, -161/6, 14/3, 287/12, -115/12, -7/3, 1, 0
            const v4 = -1.5 * d1 + 5.25 * d2 + 5.416666666666667 * d3 - 26.833333333333332 * d4 + 4.666666666666667 * d5 + 23.916666666666668 * d6 - 9.583333333333334 * d7 - 2.3333333333333335 * d8 + d9;
            // Bᵀ row 5, exactly: 0, 6, -6, -265/6, 49/6, 154/3, -7/3, -85/6, 1/6, 1, 0
            const v5 = 6 * d1 - 6 * d2 - 44.166666666666664 * d3 + 8.166666666666666 * d4 + 51.333333333333336 * d5 - 2.3333333333333335 * d6 - 14.166666666666666 * d7 + 0.16666666666666666 * d8 + d9;
            // Bᵀ row 6, exactly: 0, -6, 30, -167/6, -245/6, 140/3, 35/3, -83/6, -5/6, 1, 0
            const v6 = -6 * d1 + 30 * d2 - 27.833333333333332 * d3 - 40.833333333333336 * d4 + 46.666666666666664 * d5 + 11.666666666666666 * d6 - 13.833333333333334 * d7 - 0.8333333333333334 * d8 + d9;
            // Bᵀ row 7, exactly: 0, 1, -8/3, -25/4, 14, 21/2, -14, -25/4, 8/3, 1, 0
            const v7 = d1 - 2.6666666666666665 * d2 - 6.25 * d3 + 14 * d4 + 10.5 * d5 - 14 * d6 - 6.25 * d7 + 2.6666666666666665 * d8 + d9;
            // Bᵀ row 8, exactly: 0, -1, 10/3, 17/4, -35/2, 0, 35/2, -17/4, -10/3, 1, 0
            const v8 = -d1 + 3.3333333333333335 * d2 + 4.25 * d3 - 17.5 * d4 + 17.5 * d6 - 4.25 * d7 - 3.3333333333333335 * d8 + d9;
            // Bᵀ row 9, exactly: 0, 9, 0, -193/4, 0, 105/2, 0, -57/4, 0, 1, 0
            const v9 = 9 * d1 - 48.25 * d3 + 52.5 * d5 - 14.25 * d7 + d9;
            // Bᵀ row 10, exactly: 0, -3, 9, 193/12, -193/4, -35/2, 105/2, 19/4, -57/4, -1/3, 1
            const v10 = -3 * d1 + 9 * d2 + 16.083333333333332 * d3 - 48.25 * d4 - 17.5 * d5 + 52.5 * d6 + 4.75 * d7 - 14.25 * d8 - 0.3333333333333333 * d9 + d10;
            d[v + t] = v0; d[v + t + 128] = v1; d[v + t + 256] = v2; d[v + t + 384] = v3; d[v + t + 512] = v4; d[v + t + 640] = v5; d[v + t + 768] = v6; d[v + t + 896] = v7; d[v + t + 1024] = v8; d[v + t + 1152] = v9; d[v + t + 1280] = v10;
            sum += v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10;
          }
        }
      }
      if (sum - sum !== 0) {
        // NaN or ±∞ in these input rows: direct convolution keeps them to the outputs whose window holds them
        for (let k = 0; k < 6; k++) {
          for (let y = 0; y < 28; y++) {
            for (let x = 0; x < 28; x++) {
              let s = 0;
              {
                const q = $w + k * 25, p = src + y * 32 + x;
                for (let ky = 0; ky < 5; ky++) for (let kx = 0; kx < 5; kx++) s += w[q + ky * 5 + kx] * a[p + ky * 32 + kx];
              }
              { const v = s + w[$bias + k]; a[dst + k * 784 + y * 28 + x] = (v < 0 ? 0 : v); }
            }
          }
        }
      } else {
        // 11 GEMMs: M[ξ] (6 × rows·4) = U[ξ] (6 × 1·5) · V[ξ] (1·5 × rows·4)
        for (let x = 0; x < 11; x++) {
          const vx = $tmp + x * 128, mx = $tmp + 1408 + x * 672, ux = $u + x * 30;
          for (let k = 0; k < 6; k += 3) {
            for (let j = 0; j < 112; j += 4) {
              let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
              let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
              let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
              {
                for (let ky = 0; ky < 5; ky++) {
                  const q = ux + k * 5 + ky * 3, p = vx + ky * 4 + j;
                  const v0 = d[p]; const v1 = d[p + 1]; const v2 = d[p + 2]; const v3 = d[p + 3]; const u0 = u[q]; const u1 = u[q + 1]; const u2 = u[q + 2];
                  s00 += u0 * v0; s01 += u0 * v1; s02 += u0 * v2; s03 += u0 * v3;
                  s10 += u1 * v0; s11 += u1 * v1; s12 += u1 * v2; s13 += u1 * v3;
                  s20 += u2 * v0; s21 += u2 * v1; s22 += u2 * v2; s23 += u2 * v3;
                }
              }
              d[mx + k * 112 + j] = s00; d[mx + k * 112 + j + 1] = s01; d[mx + k * 112 + j + 2] = s02; d[mx + k * 112 + j + 3] = s03;
              d[mx + (k + 1) * 112 + j] = s10; d[mx + (k + 1) * 112 + j + 1] = s11; d[mx + (k + 1) * 112 + j + 2] = s12; d[mx + (k + 1) * 112 + j + 3] = s13;
              d[mx + (k + 2) * 112 + j] = s20; d[mx + (k + 2) * 112 + j + 1] = s21; d[mx + (k + 2) * 112 + j + 2] = s22; d[mx + (k + 2) * 112 + j + 3] = s23;
            }
          }
        }
        // M tiles → 7 outputs each, Aᵀ M, then the epilogue
        // Aᵀ row 1, exactly: 0, 1, -1, 2, -2, 1/2, -1/2, 3, -3, 1/3, 0
        // Aᵀ row 2, exactly: 0, 1, 1, 4, 4, 1/4, 1/4, 9, 9, 1/9, 0
        // Aᵀ row 3, exactly: 0, 1, -1, 8, -8, 1/8, -1/8, 27, -27, 1/27, 0
        // Aᵀ row 4, exactly: 0, 1, 1, 16, 16, 1/16, 1/16, 81, 81, 1/81, 0
        // Aᵀ row 5, exactly: 0, 1, -1, 32, -32, 1/32, -1/32, 243, -243, 1/243, 0
        // Aᵀ row 6, exactly: 0, 1, 1, 64, 64, 1/64, 1/64, 729, 729, 1/729, 1
        for (let k = 0; k < 6; k++) {
          const bias = w[$bias + k];
          for (let y = 0; y < 28; y++) {
            const mr = $tmp + 1408 + k * 112 + y * 4, o = dst + k * 784 + y * 28;
            for (let t = 0; t < 4; t++) {
              const m0 = d[mr + t]; const m1 = d[mr + t + 672]; const m2 = d[mr + t + 1344]; const m3 = d[mr + t + 2016]; const m4 = d[mr + t + 2688]; const m5 = d[mr + t + 3360]; const m6 = d[mr + t + 4032]; const m7 = d[mr + t + 4704]; const m8 = d[mr + t + 5376]; const m9 = d[mr + t + 6048]; const m10 = d[mr + t + 6720];
              const s0 = m0 + m1 + m2 + m3 + m4 + m5 + m6 + m7 + m8 + m9;
              { const v = s0 + bias; a[o + t * 7] = (v < 0 ? 0 : v); }
              const s1 = m1 - m2 + 2 * m3 - 2 * m4 + 0.5 * m5 - 0.5 * m6 + 3 * m7 - 3 * m8 + 0.3333333333333333 * m9;
              { const v = s1 + bias; a[o + t * 7 + 1] = (v < 0 ? 0 : v); }
              const s2 = m1 + m2 + 4 * m3 + 4 * m4 + 0.25 * m5 + 0.25 * m6 + 9 * m7 + 9 * m8 + 0.1111111111111111 * m9;
              { const v = s2 + bias; a[o + t * 7 + 2] = (v < 0 ? 0 : v); }
              const s3 = m1 - m2 + 8 * m3 - 8 * m4 + 0.125 * m5 - 0.125 * m6 + 27 * m7 - 27 * m8 + 0.037037037037037035 * m9;
              { const v = s3 + bias; a[o + t * 7 + 3] = (v < 0 ? 0 : v); }
              const s4 = m1 + m2 + 16 * m3 + 16 * m4 + 0.0625 * m5 + 0.0625 * m6 + 81 * m7 + 81 * m8 + 0.012345679012345678 * m9;
              { const v = s4 + bias; a[o + t * 7 + 4] = (v < 0 ? 0 : v); }
              const s5 = m1 - m2 + 32 * m3 - 32 * m4 + 0.03125 * m5 - 0.03125 * m6 + 243 * m7 - 243 * m8 + 0.00411522633744856 * m9;
              { const v = s5 + bias; a[o + t * 7 + 5] = (v < 0 ? 0 : v); }
              const s6 = m1 + m2 + 64 * m3 + 64 * m4 + 0.015625 * m5 + 0.015625 * m6 + 729 * m7 + 729 * m8 + 0.0013717421124828531 * m9 + m10;
              { const v = s6 + bias; a[o + t * 7 + 6] = (v < 0 ? 0 : v); }
            }
          }
        }
      }
    }
  }
}

// maxPool2d/direct, [1, 6, 28, 28] → [1, 6, 14, 14]: maxPool2d '2'
function k1(a, w, $in, $out) {
  for (let plane = 0; plane < 6; plane++) {
    const src = $in + plane * 784, dst = $out + plane * 196;
    for (let y = 0; y < 14; y++) {
      const r = src + y * 56, o = dst + y * 14;
      for (let x = 0; x < 14; x++) {
        const p = r + x * 2;
        let m = a[p];
        { const v = a[p + 1]; if (v > m || v !== v) m = v; }
        { const v = a[p + 28]; if (v > m || v !== v) m = v; }
        { const v = a[p + 29]; if (v > m || v !== v) m = v; }
        a[o + x] = m;
      }
    }
  }
}

// conv2d/winograd-rows, [1, 6, 14, 14] → [1, 16, 10, 10]: conv2d 'conv2' + relu '4'
function k2(a, w, d, u, $in, $out, $w, $bias, $tmp, $u) {
  {
    const src = $in, dst = $out;
    {
      // input rows → V[ξ][c][row][t] = Bᵀ d, F(10, 5): 1 tile of 14 columns per row
      let sum = 0;
      for (let c = 0; c < 6; c++) {
        for (let i = 0; i < 14; i++) {
          const row = src + c * 196 + i * 14, v = $tmp + c * 14 + i;
          {
            const p = row;
            const d0 = a[p]; const d1 = a[p + 1]; const d2 = a[p + 2]; const d3 = a[p + 3]; const d4 = a[p + 4]; const d5 = a[p + 5]; const d6 = a[p + 6]; const d7 = a[p + 7]; const d8 = a[p + 8]; const d9 = a[p + 9]; const d10 = a[p + 10]; const d11 = a[p + 11]; const d12 = a[p + 12]; const d13 = a[p + 13];
            // Bᵀ row 0, exactly: 16, 0, -2077/9, 0, 31669/36, 0, -11033/12, 0, 10219/36, 0, -1093/36, 0, 1, 0
            const v0 = 16 * d0 - 230.77777777777777 * d2 + 879.6944444444445 * d4 - 919.4166666666666 * d6 + 283.8611111111111 * d8 - 30.36111111111111 * d10 + d12;
            // Bᵀ row 1, exactly: 0, -16, -16, 1933/9, 1933/9, -7979/12, -7979/12, 509/2, 509/2, -1057/36, -1057/36, 1, 1, 0
            const v1 = -16 * d1 - 16 * d2 + 214.77777777777777 * d3 + 214.77777777777777 * d4 - 664.9166666666666 * d5 - 664.9166666666666 * d6 + 254.5 * d7 + 254.5 * d8 - 29.36111111111111 * d9 - 29.36111111111111 * d10 + d11 + d12;
            // Bᵀ row 2, exactly: 0, 16, -16, -1933/9, 1933/9, 7979/12, -7979/12, -509/2, 509/2, 1057/36, -1057/36, -1, 1, 0
            const v2 = 16 * d1 - 16 * d2 - 214.77777777777777 * d3 + 214.77777777777777 * d4 + 664.9166666666666 * d5 - 664.9166666666666 * d6 - 254.5 * d7 + 254.5 * d8 + 29.36111111111111 * d9 - 29.36111111111111 * d10 - d11 + d12;
            // Bᵀ row 3, exactly: 0, -8, -4, 2041/18, 2041/36, -823/2, -823/4, 2141/6, 2141/12, -949/18, -949/36, 2, 1, 0
            const v3 = -8 * d1 - 4 * d2 + 113.38888888888889 * d3 + 56.69444444444444 * d4 - 411.5 * d5 - 205.75 * d6 + 356.8333333333333 * d7 + 178.41666666666666 * d8 - 52.72222222222222 * d9 - 26.36111111111111 * d10 + 2 * d11 + d12;
            // Bᵀ row 4, exactly: 0, 8, -4, -2041/18, 2041/36, 823/2, -823/4, -2141/6, 2141/12, 949/18, -949/36, -2, 1, 0
            const v4 = 8 * d1 - 4 * d2 - 113.38888888888889 * d3 + 56.69444444444444 * d4 + 411.5 * d5 - 205.75 * d6 - 356.8333333333333 * d7 + 178.41666666666666 * d8 + 52.72222222222222 * d9 - 26.36111111111111 * d10 - 2 * d11 + d12;
            // Bᵀ row 5, exactly: 0, -32, -64, 3002/9, 6004/9, -2551/6, -2551/3, 829/6, 829/3, -271/18, -271/9, 1/2, 1, 0
            const v5 = -32 * d1 - 64 * d2 + 333.55555555555554 * d3 + 667.1111111111111 * d4 - 425.1666666666667 * d5 - 850.3333333333334 * d6 + 138.16666666666666 * d7 + 276.3333333333333 * d8 - 15.055555555555555 * d9 - 30.11111111111111 * d10 + 0.5 * d11 + d12;
            // Bᵀ row 6, exactly: 0, 32, -64, -3002/9, 6004/9, 2551/6, -2551/3, -829/6, 829/3, 271/18, -271/9, -1/2, 1, 0
            const v6 = 32 * d1 - 64 * d2 - 333.55555555555554 * d3 + 667.1111111111111 * d4 + 425.1666666666667 * d5 - 850.3333333333334 * d6 - 138.16666666666666 * d7 + 276.3333333333333 * d8 + 15.055555555555555 * d9 - 30.11111111111111 * d10 - 0.5 * d11 + d12;
            // Bᵀ row 7, exactly: 0, -16/3, -16/9, 229/3, 229/9, -1139/4, -1139/12, 1649/6, 1649/18, -769/12, -769/36, 3, 1, 0
            const v7 = -5.333333333333333 * d1 - 1.7777777777777777 * d2 + 76.33333333333333 * d3 + 25.444444444444443 * d4 - 284.75 * d5 - 94.91666666666667 * d6 + 274.8333333333333 * d7 + 91.61111111111111 * d8 - 64.08333333333333 * d9 - 21.36111111111111 * d10 + 3 * d11 + d12;
            // Bᵀ row 8, exactly: 0, 16/3, -16/9, -229/3, 229/9, 1139/4, -1139/12, -1649/6, 1649/18, 769/12, -769/36, -3, 1, 0
            const v8 = 5.333333333333333 * d1 - 1.7777777777777777 * d2 - 76.33333333333333 * d3 + 25.444444444444443 * d4 + 284.75 * d5 - 94.91666666666667 * d6 - 274.8333333333333 * d7 + 91.61111111111111 * d8 + 64.08333333333333 * d9 - 21.36111111111111 * d10 - 3 * d11 + d12;
            // Bᵀ row 9, exactly: 0, -48, -144, 781/3, 781, -3553/12, -3553/4, 187/2, 561/2, -121/12, -121/4, 1/3, 1, 0
            const v9 = -48 * d1 - 144 * d2 + 260.3333333333333 * d3 + 781 * d4 - 296.0833333333333 * d5 - 888.25 * d6 + 93.5 * d7 + 280.5 * d8 - 10.083333333333334 * d9 - 30.25 * d10 + 0.3333333333333333 * d11 + d12;
            // Bᵀ row 10, exactly: 0, 48, -144, -781/3, 781, 3553/12, -3553/4, -187/2, 561/2, 121/12, -121/4, -1/3, 1, 0
            const v10 = 48 * d1 - 144 * d2 - 260.3333333333333 * d3 + 781 * d4 + 296.0833333333333 * d5 - 888.25 * d6 - 93.5 * d7 + 280.5 * d8 + 10.083333333333334 * d9 - 30.25 * d10 - 0.3333333333333333 * d11 + d12;
            // Bᵀ row 11, exactly: 0, -4, -1, 517/9, 517/36, -649/3, -649/12, 649/3, 649/12, -517/9, -517/36, 4, 1, 0
            const v11 = -4 * d1 - d2 + 57.44444444444444 * d3 + 14.36111111111111 * d4 - 216.33333333333334 * d5 - 54.083333333333336 * d6 + 216.33333333333334 * d7 + 54.083333333333336 * d8 - 57.44444444444444 * d9 - 14.36111111111111 * d10 + 4 * d11 + d12;
            // Bᵀ row 12, exactly: 0, 4, -1, -517/9, 517/36, 649/3, -649/12, -649/3, 649/12, 517/9, -517/36, -4, 1, 0
            const v12 = 4 * d1 - d2 - 57.44444444444444 * d3 + 14.36111111111111 * d4 + 216.33333333333334 * d5 - 54.083333333333336 * d6 - 216.33333333333334 * d7 + 54.083333333333336 * d8 + 57.44444444444444 * d9 - 14.36111111111111 * d10 - 4 * d11 + d12;
            // Bᵀ row 13, exactly: 0, 16, 0, -2077/9, 0, 31669/36, 0, -11033/12, 0, 10219/36, 0, -1093/36, 0, 1
            const v13 = 16 * d1 - 230.77777777777777 * d3 + 879.6944444444445 * d5 - 919.4166666666666 * d7 + 283.8611111111111 * d9 - 30.36111111111111 * d11 + d13;
            d[v] = v0; d[v + 84] = v1; d[v + 168] = v2; d[v + 252] = v3; d[v + 336] = v4; d[v + 420] = v5; d[v + 504] = v6; d[v + 588] = v7; d[v + 672] = v8; d[v + 756] = v9; d[v + 840] = v10; d[v + 924] = v11; d[v + 1008] = v12; d[v + 1092] = v13;
            sum += v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11 + v12 + v13;
          }
        }
      }
      if (sum - sum !== 0) {
        // NaN or ±∞ in these input rows: direct convolution keeps them to the outputs whose window holds them
        for (let k = 0; k < 16; k++) {
          for (let y = 0; y < 10; y++) {
            for (let x = 0; x < 10; x++) {
              let s = 0;
              for (let c = 0; c < 6; c++) {
                const q = $w + (k * 6 + c) * 25, p = src + c * 196 + y * 14 + x;
                for (let ky = 0; ky < 5; ky++) for (let kx = 0; kx < 5; kx++) s += w[q + ky * 5 + kx] * a[p + ky * 14 + kx];
              }
              { const v = s + w[$bias + k]; a[dst + k * 100 + y * 10 + x] = (v < 0 ? 0 : v); }
            }
          }
        }
      } else {
        // 14 GEMMs: M[ξ] (16 × rows·1) = U[ξ] (16 × 6·5) · V[ξ] (6·5 × rows·1)
        for (let x = 0; x < 14; x++) {
          const vx = $tmp + x * 84, mx = $tmp + 1176 + x * 160, ux = $u + x * 480;
          for (let k = 0; k < 16; k += 4) {
            for (let j = 0; j < 8; j += 4) {
              let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
              let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
              let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
              let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
              for (let c = 0; c < 6; c++) {
                for (let ky = 0; ky < 5; ky++) {
                  const q = ux + k * 30 + (c * 5 + ky) * 4, p = vx + c * 14 + ky + j;
                  const v0 = d[p]; const v1 = d[p + 1]; const v2 = d[p + 2]; const v3 = d[p + 3]; const u0 = u[q]; const u1 = u[q + 1]; const u2 = u[q + 2]; const u3 = u[q + 3];
                  s00 += u0 * v0; s01 += u0 * v1; s02 += u0 * v2; s03 += u0 * v3;
                  s10 += u1 * v0; s11 += u1 * v1; s12 += u1 * v2; s13 += u1 * v3;
                  s20 += u2 * v0; s21 += u2 * v1; s22 += u2 * v2; s23 += u2 * v3;
                  s30 += u3 * v0; s31 += u3 * v1; s32 += u3 * v2; s33 += u3 * v3;
                }
              }
              d[mx + k * 10 + j] = s00; d[mx + k * 10 + j + 1] = s01; d[mx + k * 10 + j + 2] = s02; d[mx + k * 10 + j + 3] = s03;
              d[mx + (k + 1) * 10 + j] = s10; d[mx + (k + 1) * 10 + j + 1] = s11; d[mx + (k + 1) * 10 + j + 2] = s12; d[mx + (k + 1) * 10 + j + 3] = s13;
              d[mx + (k + 2) * 10 + j] = s20; d[mx + (k + 2) * 10 + j + 1] = s21; d[mx + (k + 2) * 10 + j + 2] = s22; d[mx + (k + 2) * 10 + j + 3] = s23;
              d[mx + (k + 3) * 10 + j] = s30; d[mx + (k + 3) * 10 + j + 1] = s31; d[mx + (k + 3) * 10 + j + 2] = s32; d[mx + (k + 3) * 10 + j + 3] = s33;
            }
            {
              let s00 = 0, s01 = 0;
              let s10 = 0, s11 = 0;
              let s20 = 0, s21 = 0;
              let s30 = 0, s31 = 0;
              for (let c = 0; c < 6; c++) {
                for (let ky = 0; ky < 5; ky++) {
                  const q = ux + k * 30 + (c * 5 + ky) * 4, p = vx + c * 14 + ky + 8;
                  const v0 = d[p]; const v1 = d[p + 1]; const u0 = u[q]; const u1 = u[q + 1]; const u2 = u[q + 2]; const u3 = u[q + 3];
                  s00 += u0 * v0; s01 += u0 * v1;
                  s10 += u1 * v0; s11 += u1 * v1;
                  s20 += u2 * v0; s21 += u2 * v1;
                  s30 += u3 * v0; s31 += u3 * v1;
                }
              }
              d[mx + k * 10 + 8] = s00; d[mx + k * 10 + 9] = s01;
              d[mx + (k + 1) * 10 + 8] = s10; d[mx + (k + 1) * 10 + 9] = s11;
              d[mx + (k + 2) * 10 + 8] = s20; d[mx + (k + 2) * 10 + 9] = s21;
              d[mx + (k + 3) * 10 + 8] = s30; d[mx + (k + 3) * 10 + 9] = s31;
            }
          }
        }
        // M tiles → 10 outputs each, Aᵀ M, then the epilogue
        // Aᵀ row 1, exactly: 0, 1, -1, 2, -2, 1/2, -1/2, 3, -3, 1/3, -1/3, 4, -4, 0
        // Aᵀ row 2, exactly: 0, 1, 1, 4, 4, 1/4, 1/4, 9, 9, 1/9, 1/9, 16, 16, 0
        // Aᵀ row 3, exactly: 0, 1, -1, 8, -8, 1/8, -1/8, 27, -27, 1/27, -1/27, 64, -64, 0
        // Aᵀ row 4, exactly: 0, 1, 1, 16, 16, 1/16, 1/16, 81, 81, 1/81, 1/81, 256, 256, 0
        // Aᵀ row 5, exactly: 0, 1, -1, 32, -32, 1/32, -1/32, 243, -243, 1/243, -1/243, 1024, -1024, 0
        // Aᵀ row 6, exactly: 0, 1, 1, 64, 64, 1/64, 1/64, 729, 729, 1/729, 1/729, 4096, 4096, 0
        // Aᵀ row 7, exactly: 0, 1, -1, 128, -128, 1/128, -1/128, 2187, -2187, 1/2187, -1/2187, 16384, -16384, 0
        // Aᵀ row 8, exactly: 0, 1, 1, 256, 256, 1/256, 1/256, 6561, 6561, 1/6561, 1/6561, 65536, 65536, 0
        // Aᵀ row 9, exactly: 0, 1, -1, 512, -512, 1/512, -1/512, 19683, -19683, 1/19683, -1/19683, 262144, -262144, 1
        for (let k = 0; k < 16; k++) {
          const bias = w[$bias + k];
          for (let y = 0; y < 10; y++) {
            const mr = $tmp + 1176 + k * 10 + y, o = dst + k * 100 + y * 10;
            {
              const m0 = d[mr]; const m1 = d[mr + 160]; const m2 = d[mr + 320]; const m3 = d[mr + 480]; const m4 = d[mr + 640]; const m5 = d[mr + 800]; const m6 = d[mr + 960]; const m7 = d[mr + 1120]; const m8 = d[mr + 1280]; const m9 = d[mr + 1440]; const m10 = d[mr + 1600]; const m11 = d[mr + 1760]; const m12 = d[mr + 1920]; const m13 = d[mr + 2080];
              const s0 = m0 + m1 + m2 + m3 + m4 + m5 + m6 + m7 + m8 + m9 + m10 + m11 + m12;
              { const v = s0 + bias; a[o] = (v < 0 ? 0 : v); }
              const s1 = m1 - m2 + 2 * m3 - 2 * m4 + 0.5 * m5 - 0.5 * m6 + 3 * m7 - 3 * m8 + 0.3333333333333333 * m9 - 0.3333333333333333 * m10 + 4 * m11 - 4 * m12;
              { const v = s1 + bias; a[o + 1] = (v < 0 ? 0 : v); }
              const s2 = m1 + m2 + 4 * m3 + 4 * m4 + 0.25 * m5 + 0.25 * m6 + 9 * m7 + 9 * m8 + 0.1111111111111111 * m9 + 0.1111111111111111 * m10 + 16 * m11 + 16 * m12;
              { const v = s2 + bias; a[o + 2] = (v < 0 ? 0 : v); }
              const s3 = m1 - m2 + 8 * m3 - 8 * m4 + 0.125 * m5 - 0.125 * m6 + 27 * m7 - 27 * m8 + 0.037037037037037035 * m9 - 0.037037037037037035 * m10 + 64 * m11 - 64 * m12;
              { const v = s3 + bias; a[o + 3] = (v < 0 ? 0 : v); }
              const s4 = m1 + m2 + 16 * m3 + 16 * m4 + 0.0625 * m5 + 0.0625 * m6 + 81 * m7 + 81 * m8 + 0.012345679012345678 * m9 + 0.012345679012345678 * m10 + 256 * m11 + 256 * m12;
              { const v = s4 + bias; a[o + 4] = (v < 0 ? 0 : v); }
              const s5 = m1 - m2 + 32 * m3 - 32 * m4 + 0.03125 * m5 - 0.03125 * m6 + 243 * m7 - 243 * m8 + 0.00411522633744856 * m9 - 0.00411522633744856 * m10 + 1024 * m11 - 1024 * m12;
              { const v = s5 + bias; a[o + 5] = (v < 0 ? 0 : v); }
              const s6 = m1 + m2 + 64 * m3 + 64 * m4 + 0.015625 * m5 + 0.015625 * m6 + 729 * m7 + 729 * m8 + 0.0013717421124828531 * m9 + 0.0013717421124828531 * m10 + 4096 * m11 + 4096 * m12;
              { const v = s6 + bias; a[o + 6] = (v < 0 ? 0 : v); }
              const s7 = m1 - m2 + 128 * m3 - 128 * m4 + 0.0078125 * m5 - 0.0078125 * m6 + 2187 * m7 - 2187 * m8 + 0.0004572473708276177 * m9 - 0.0004572473708276177 * m10 + 16384 * m11 - 16384 * m12;
              { const v = s7 + bias; a[o + 7] = (v < 0 ? 0 : v); }
              const s8 = m1 + m2 + 256 * m3 + 256 * m4 + 0.00390625 * m5 + 0.00390625 * m6 + 6561 * m7 + 6561 * m8 + 0.00015241579027587258 * m9 + 0.00015241579027587258 * m10 + 65536 * m11 + 65536 * m12;
              { const v = s8 + bias; a[o + 8] = (v < 0 ? 0 : v); }
              const s9 = m1 - m2 + 512 * m3 - 512 * m4 + 0.001953125 * m5 - 0.001953125 * m6 + 19683 * m7 - 19683 * m8 + 0.00005080526342529086 * m9 - 0.00005080526342529086 * m10 + 262144 * m11 - 262144 * m12 + m13;
              { const v = s9 + bias; a[o + 9] = (v < 0 ? 0 : v); }
            }
          }
        }
      }
    }
  }
}

// maxPool2d/direct, [1, 16, 10, 10] → [1, 16, 5, 5]: maxPool2d '5'
function k3(a, w, $in, $out) {
  for (let plane = 0; plane < 16; plane++) {
    const src = $in + plane * 100, dst = $out + plane * 25;
    for (let y = 0; y < 5; y++) {
      const r = src + y * 20, o = dst + y * 5;
      for (let x = 0; x < 5; x++) {
        const p = r + x * 2;
        let m = a[p];
        { const v = a[p + 1]; if (v > m || v !== v) m = v; }
        { const v = a[p + 10]; if (v > m || v !== v) m = v; }
        { const v = a[p + 11]; if (v > m || v !== v) m = v; }
        a[o + x] = m;
      }
    }
  }
}

// linear/blocks-8, [1, 400] → [1, 120]: linear 'fc1' + relu '8'
function k4(a, w, $in, $out, $w, $bias) {
  {
    const x = $in, dst = $out;
    for (let o = 0; o < 120; o += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let i = 0; i < 400; i++) {
        const v = a[x + i], k = $w + o * 400 + i * 8;
        s0 += w[k] * v; s1 += w[k + 1] * v; s2 += w[k + 2] * v; s3 += w[k + 3] * v; s4 += w[k + 4] * v; s5 += w[k + 5] * v; s6 += w[k + 6] * v; s7 += w[k + 7] * v;
      }
      { const v = s0 + w[$bias + o]; a[dst + o] = (v < 0 ? 0 : v); }
      { const v = s1 + w[$bias + o + 1]; a[dst + o + 1] = (v < 0 ? 0 : v); }
      { const v = s2 + w[$bias + o + 2]; a[dst + o + 2] = (v < 0 ? 0 : v); }
      { const v = s3 + w[$bias + o + 3]; a[dst + o + 3] = (v < 0 ? 0 : v); }
      { const v = s4 + w[$bias + o + 4]; a[dst + o + 4] = (v < 0 ? 0 : v); }
      { const v = s5 + w[$bias + o + 5]; a[dst + o + 5] = (v < 0 ? 0 : v); }
      { const v = s6 + w[$bias + o + 6]; a[dst + o + 6] = (v < 0 ? 0 : v); }
      { const v = s7 + w[$bias + o + 7]; a[dst + o + 7] = (v < 0 ? 0 : v); }
    }
  }
}

// linear/blocks-8, [1, 120] → [1, 84]: linear 'fc2' + relu '10'
function k5(a, w, $in, $out, $w, $bias) {
  {
    const x = $in, dst = $out;
    for (let o = 0; o < 80; o += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let i = 0; i < 120; i++) {
        const v = a[x + i], k = $w + o * 120 + i * 8;
        s0 += w[k] * v; s1 += w[k + 1] * v; s2 += w[k + 2] * v; s3 += w[k + 3] * v; s4 += w[k + 4] * v; s5 += w[k + 5] * v; s6 += w[k + 6] * v; s7 += w[k + 7] * v;
      }
      { const v = s0 + w[$bias + o]; a[dst + o] = (v < 0 ? 0 : v); }
      { const v = s1 + w[$bias + o + 1]; a[dst + o + 1] = (v < 0 ? 0 : v); }
      { const v = s2 + w[$bias + o + 2]; a[dst + o + 2] = (v < 0 ? 0 : v); }
      { const v = s3 + w[$bias + o + 3]; a[dst + o + 3] = (v < 0 ? 0 : v); }
      { const v = s4 + w[$bias + o + 4]; a[dst + o + 4] = (v < 0 ? 0 : v); }
      { const v = s5 + w[$bias + o + 5]; a[dst + o + 5] = (v < 0 ? 0 : v); }
      { const v = s6 + w[$bias + o + 6]; a[dst + o + 6] = (v < 0 ? 0 : v); }
      { const v = s7 + w[$bias + o + 7]; a[dst + o + 7] = (v < 0 ? 0 : v); }
    }
    {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < 120; i++) {
        const v = a[x + i], k = $w + 9600 + i * 4;
        s0 += w[k] * v; s1 += w[k + 1] * v; s2 += w[k + 2] * v; s3 += w[k + 3] * v;
      }
      { const v = s0 + w[$bias + 80]; a[dst + 80] = (v < 0 ? 0 : v); }
      { const v = s1 + w[$bias + 81]; a[dst + 81] = (v < 0 ? 0 : v); }
      { const v = s2 + w[$bias + 82]; a[dst + 82] = (v < 0 ? 0 : v); }
      { const v = s3 + w[$bias + 83]; a[dst + 83] = (v < 0 ? 0 : v); }
    }
  }
}

// linear/blocks-8, [1, 84] → [1, 10]: linear 'fc3'
function k6(a, w, $in, $out, $w, $bias) {
  {
    const x = $in, dst = $out;
    {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let i = 0; i < 84; i++) {
        const v = a[x + i], k = $w + i * 8;
        s0 += w[k] * v; s1 += w[k + 1] * v; s2 += w[k + 2] * v; s3 += w[k + 3] * v; s4 += w[k + 4] * v; s5 += w[k + 5] * v; s6 += w[k + 6] * v; s7 += w[k + 7] * v;
      }
      a[dst] = s0 + w[$bias];
      a[dst + 1] = s1 + w[$bias + 1];
      a[dst + 2] = s2 + w[$bias + 2];
      a[dst + 3] = s3 + w[$bias + 3];
      a[dst + 4] = s4 + w[$bias + 4];
      a[dst + 5] = s5 + w[$bias + 5];
      a[dst + 6] = s6 + w[$bias + 6];
      a[dst + 7] = s7 + w[$bias + 7];
    }
    {
      let s0 = 0, s1 = 0;
      for (let i = 0; i < 84; i++) {
        const v = a[x + i], k = $w + 672 + i * 2;
        s0 += w[k] * v; s1 += w[k + 1] * v;
      }
      a[dst + 8] = s0 + w[$bias + 8];
      a[dst + 9] = s1 + w[$bias + 9];
    }
  }
}

function forward(a, w, d, u) {
  k0(a, w, d, u, 4704, 0, 0, 150, 0, 0); // conv2d 'conv1' + relu '1'
  k1(a, w, 0, 4704); // maxPool2d '2'
  k2(a, w, d, u, 4704, 0, 156, 2556, 0, 330); // conv2d 'conv2' + relu '4'
  k3(a, w, 0, 1600); // maxPool2d '5'
  k4(a, w, 1600, 0, 2572, 50572); // linear 'fc1' + relu '8'
  k5(a, w, 0, 120, 50692, 60772); // linear 'fc2' + relu '10'
  k6(a, w, 120, 0, 60856, 61696); // linear 'fc3'
}

// A packed array of doubles: the first length values of source, or zeros.
function doubles(source, length) {
  const out = [0.5];
  out.pop();
  for (let i = 0; i < length; i++) out.push(source === null ? 0 : source[i]);
  return out;
}

// scratch(): the float64 scratch (8800 doubles), one per network instance.
function scratch() {
  return doubles(null, 8800);
}

// U = G g per kernel row (1-D Winograd F(m, r)) for the K × C filters at s[from…] into the doubles u[to…],
// laid out [ξ][block of J channels][c][ky][j]; G (n × kw, row-major) follows as the last arguments.
function winogradRowFilters(s, from, u, to, K, C, kh, kw, n, J, ...G) {
  for (let k = 0; k < K; k++) {
    const start = k - (k % J);
    const width = Math.min(J, K - start);
    for (let c = 0; c < C; c++) {
      for (let ky = 0; ky < kh; ky++) {
        const g = from + ((k * C + c) * kh + ky) * kw;
        for (let x = 0; x < n; x++) {
          let sum = 0;
          for (let kx = 0; kx < kw; kx++) sum += G[x * kw + kx] * s[g + kx];
          u[to + x * K * C * kh + start * C * kh + (c * kh + ky) * width + (k - start)] = sum;
        }
      }
    }
  }
}

// prepare(s): the 61706 stored floats → the 61706 floats and 7050 doubles the kernels read, expanded once at load, as plain arrays of doubles.
function prepare(s) {
  const w = new Float32Array(61706), u = new Float64Array(7050);
  w.set(s.subarray(0, 156), 0);
  winogradRowFilters(s, 0, u, 0, 6, 1, 5, 5, 11, 3, -0.3333333333333333, 0, 0, 0, 0, 0.041666666666666664, 0.041666666666666664, 0.041666666666666664, 0.041666666666666664, 0.041666666666666664, -0.020833333333333332, 0.020833333333333332, -0.020833333333333332, 0.020833333333333332, -0.020833333333333332, -0.0013333333333333333, -0.0026666666666666666, -0.005333333333333333, -0.010666666666666666, -0.021333333333333333, 0.0009523809523809524, -0.0019047619047619048, 0.0038095238095238095, -0.007619047619047619, 0.015238095238095238, -0.4876190476190476, -0.2438095238095238, -0.1219047619047619, -0.06095238095238095, -0.030476190476190476, 0.09752380952380953, -0.04876190476190476, 0.02438095238095238, -0.01219047619047619, 0.006095238095238095, 0.000059523809523809524, 0.00017857142857142857, 0.0005357142857142857, 0.0016071428571428571, 0.004821428571428571, -0.00004761904761904762, 0.00014285714285714287, -0.00042857142857142855, 0.0012857142857142856, -0.003857142857142857, 0.7029642857142857, 0.23432142857142857, 0.07810714285714286, 0.026035714285714287, 0.008678571428571428, 0, 0, 0, 0, 1);
  w.set(s.subarray(156, 2572), 156);
  winogradRowFilters(s, 156, u, 330, 16, 6, 5, 5, 14, 4, 0.0625, 0, 0, 0, 0, -0.0020833333333333333, -0.0020833333333333333, -0.0020833333333333333, -0.0020833333333333333, -0.0020833333333333333, -0.0020833333333333333, 0.0020833333333333333, -0.0020833333333333333, 0.0020833333333333333, -0.0020833333333333333, 0.00004761904761904762, 0.00009523809523809524, 0.00019047619047619048, 0.00038095238095238096, 0.0007619047619047619, 0.00004761904761904762, -0.00009523809523809524, 0.00019047619047619048, -0.00038095238095238096, 0.0007619047619047619, 0.03715192743764172, 0.01857596371882086, 0.00928798185941043, 0.004643990929705215, 0.0023219954648526077, 0.03715192743764172, -0.01857596371882086, 0.00928798185941043, -0.004643990929705215, 0.0023219954648526077, -0.0000025510204081632653, -0.000007653061224489796, -0.000022959183673469387, -0.00006887755102040816, -0.00020663265306122448, -0.0000025510204081632653, 0.000007653061224489796, -0.000022959183673469387, 0.00006887755102040816, -0.00020663265306122448, -0.06636376123876124, -0.022121253746253747, -0.007373751248751248, -0.002457917082917083, -0.0008193056943056943, -0.06636376123876124, 0.022121253746253747, -0.007373751248751248, 0.002457917082917083, -0.0008193056943056943, 9.910724196438483e-8, 3.964289678575393e-7, 0.0000015857158714301572, 0.000006342863485720629, 0.000025371453942882515, 9.910724196438483e-8, -3.964289678575393e-7, 0.0000015857158714301572, -0.000006342863485720629, 0.000025371453942882515, 0, 0, 0, 0, 1);
  w.set(s.subarray(2572, 61706), 2572);
  return { w: doubles(w, w.length), u: doubles(u, u.length) };
}
return { forward, prepare, scratch };
})();
var spec = JSON.parse('{"model":"lenet5-mnist","weightFloats":61706,"weightsDtype":"F32","arenaFloats":5880,"inputs":[{"name":"image","shape":[1,1,32,32],"offset":4704}],"outputs":[{"name":"logits","shape":[1,10],"offset":0}]}');
async function create(options = {}) {
  const stored = await sidecarWeights(spec, options.weights ?? new URL("./index.safetensors", import.meta.url));
  return createExecutor(spec, { forward, prepare, scratch }, stored);
}
export {
  StrideError,
  create,
  spec
};
