/**
 * A WebAssembly binary encoder for generated kernels, with a readable text twin.
 *
 * Every instruction method appends its bytes (the binary format of the WebAssembly 2.0 core spec
 * plus the fixed-width SIMD proposal, merged into 2.0, and optionally relaxed SIMD) and, at the
 * same time, one line of WAT text. The two come from the same call, so the text is the module as
 * the compiler wrote it, not a disassembly; the text is valid WAT (flat instruction syntax), so
 * `wat2wasm` of it gives the same bytes (checked once against wabt, see docs/wasm.md).
 *
 * Why our own encoder rather than wabt or binaryen (docs/wasm.md): kernels use about 60 opcodes
 * and no optimizer (binaryen's -O3 changed run time by 0.0 %); encoding a ResNet-18-sized module
 * takes about 3 ms where wabt needs 27–40 ms to assemble its text; the compiler keeps no
 * 5–100 MB dependency.
 *
 * Determinism: bytes depend only on the calls made (types are numbered in first-use order, floats
 * are written bit-exactly, names are UTF-8), never on the host.
 *
 * Binary layout reminders (spec §5): a module is the magic `\0asm`, version 1, then sections
 * `id, size (u32 LEB128), contents` in increasing id order; a function body is its size, its local
 * declarations as runs of `(count, type)`, its instructions and `end`. SIMD opcodes are the prefix
 * 0xFD followed by a u32 LEB128 opcode; bulk-memory ones 0xFC likewise. Memory instructions carry
 * `memarg = (align as log2, offset)`, both u32 LEB128; `offset` is added to the i32 address without
 * wrapping, so constant displacements cost nothing at run time.
 */

export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

/** What a ranged kernel's `from` and `to` count (see `FunctionBuilder.range`). */
export interface WorkRange {
  units: number;
  /** What one unit is, for the report and the planner: 'channel blocks', 'groups', 'chunks', 'rows'. */
  unit: string;
  /** Arguments after `from` and `to` for a call over the whole range (Winograd: its scratch's address). */
  rest?: number[];
  /**
   * Set when unit k writes the output's channel vectors of bytes [k·bytes, min((k + 1)·bytes, total))
   * at every pixel, and nothing else of it: a thread that ran units [from, to) holds those channels
   * of the whole output, which the next step may go on with (target.ts: `channelsIn`).
   */
  channels?: { bytes: number; total: number };
  /**
   * Pieces per thread a threaded run cuts the range into, where not the runtime's default (4, so
   * that a thread that starts late takes fewer): fewer where each call re-reads what every unit
   * reads (a Winograd channel split's V).
   */
  pieces?: number;
}

const valueTypeCode: Record<ValueType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** A growable byte buffer with the binary format's integer encodings. */
export class ByteWriter {
  private bytes: Uint8Array<ArrayBuffer> = new Uint8Array(256);
  length = 0;

  byte(value: number): this {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value & 0xff;
    return this;
  }

  raw(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.byte(values[i]);
    return this;
  }

  /** Unsigned LEB128 of a u32. */
  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`wasm: ${value} is not a u32`);
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value !== 0) byte |= 0x80;
      this.byte(byte);
    } while (value !== 0);
    return this;
  }

  /** Signed LEB128 of an i32 (values up to 2³² − 1 are taken as their two's-complement i32). */
  s32(value: number): this {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) throw new RangeError(`wasm: ${value} is not an i32`);
    value |= 0;
    for (;;) {
      const byte = value & 0x7f;
      value >>= 7;
      const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
      this.byte(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }

  f32(value: number): this {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    return this.raw(new Uint8Array(view.buffer));
  }

  /** A name: its UTF-8 length, then the bytes. */
  name(text: string): this {
    const utf8 = new TextEncoder().encode(text);
    return this.u32(utf8.length).raw(utf8);
  }

  /** `vec(bytes)` of another writer: its length, then its contents. */
  sized(inner: ByteWriter): this {
    return this.u32(inner.length).raw(inner.toBytes());
  }

  toBytes(): Uint8Array<ArrayBuffer> {
    return this.bytes.slice(0, this.length);
  }
}

// ─── The instruction set kernels use ──────────────────────────────────────────────────────────

/** Instructions without immediates: name → opcode bytes (prefix, then the LEB128 of the sub-opcode). */
const plain = {
  unreachable: [0x00], nop: [0x01], return: [0x0f], drop: [0x1a], select: [0x1b],
  'i32.eqz': [0x45], 'i32.eq': [0x46], 'i32.ne': [0x47], 'i32.lt_s': [0x48], 'i32.lt_u': [0x49],
  'i32.gt_s': [0x4a], 'i32.gt_u': [0x4b], 'i32.le_s': [0x4c], 'i32.le_u': [0x4d], 'i32.ge_s': [0x4e], 'i32.ge_u': [0x4f],
  'f32.eq': [0x5b], 'f32.ne': [0x5c], 'f32.lt': [0x5d], 'f32.gt': [0x5e], 'f32.le': [0x5f], 'f32.ge': [0x60],
  'i32.add': [0x6a], 'i32.sub': [0x6b], 'i32.mul': [0x6c], 'i32.div_s': [0x6d], 'i32.div_u': [0x6e],
  'i32.rem_s': [0x6f], 'i32.rem_u': [0x70], 'i32.and': [0x71], 'i32.or': [0x72], 'i32.xor': [0x73],
  'i32.shl': [0x74], 'i32.shr_s': [0x75], 'i32.shr_u': [0x76],
  'f32.abs': [0x8b], 'f32.neg': [0x8c], 'f32.ceil': [0x8d], 'f32.floor': [0x8e], 'f32.trunc': [0x8f],
  'f32.nearest': [0x90], 'f32.sqrt': [0x91], 'f32.add': [0x92], 'f32.sub': [0x93], 'f32.mul': [0x94],
  'f32.div': [0x95], 'f32.min': [0x96], 'f32.max': [0x97], 'f32.copysign': [0x98],
  'i32.trunc_f32_s': [0xa8], 'f32.convert_i32_s': [0xb2], 'f32.convert_i32_u': [0xb3],
  'i32.reinterpret_f32': [0xbc], 'f32.reinterpret_i32': [0xbe],
  'i8x16.swizzle': [0xfd, 14], 'i32x4.splat': [0xfd, 17], 'f32x4.splat': [0xfd, 19],
  'f32x4.eq': [0xfd, 65], 'f32x4.ne': [0xfd, 66], 'f32x4.lt': [0xfd, 67], 'f32x4.gt': [0xfd, 68],
  'f32x4.le': [0xfd, 69], 'f32x4.ge': [0xfd, 70],
  'v128.not': [0xfd, 77], 'v128.and': [0xfd, 78], 'v128.andnot': [0xfd, 79], 'v128.or': [0xfd, 80],
  'v128.xor': [0xfd, 81], 'v128.bitselect': [0xfd, 82], 'v128.any_true': [0xfd, 83],
  'f32x4.ceil': [0xfd, 103], 'f32x4.floor': [0xfd, 104], 'f32x4.trunc': [0xfd, 105], 'f32x4.nearest': [0xfd, 106],
  'i32x4.shl': [0xfd, 171], 'i32x4.shr_s': [0xfd, 172], 'i32x4.shr_u': [0xfd, 173],
  'i32x4.add': [0xfd, 174], 'i32x4.sub': [0xfd, 177], 'i32x4.mul': [0xfd, 181],
  'f32x4.abs': [0xfd, 224], 'f32x4.neg': [0xfd, 225], 'f32x4.sqrt': [0xfd, 227], 'f32x4.add': [0xfd, 228],
  'f32x4.sub': [0xfd, 229], 'f32x4.mul': [0xfd, 230], 'f32x4.div': [0xfd, 231], 'f32x4.min': [0xfd, 232],
  'f32x4.max': [0xfd, 233], 'f32x4.pmin': [0xfd, 234], 'f32x4.pmax': [0xfd, 235],
  'i32x4.trunc_sat_f32x4_s': [0xfd, 248], 'f32x4.convert_i32x4_s': [0xfd, 250],
  // float64 lanes, for sums that must not lose float32 bits over long reductions (softmax).
  'f32x4.demote_f64x2_zero': [0xfd, 94], 'f64x2.promote_low_f32x4': [0xfd, 95], 'f64x2.add': [0xfd, 240],
  'f64.add': [0xa0], 'f64.sub': [0xa1], 'f64.div': [0xa3], 'f32.demote_f64': [0xb6], 'f64.convert_i32_u': [0xb8], 'f64.promote_f32': [0xbb],
  // Relaxed SIMD: a module using these fails to compile on Node 20 without --experimental-wasm-relaxed-simd.
  'f32x4.relaxed_madd': [0xfd, 261], 'f32x4.relaxed_nmadd': [0xfd, 262],
  'f32x4.relaxed_min': [0xfd, 269], 'f32x4.relaxed_max': [0xfd, 270],
} as const satisfies Record<string, readonly number[]>;

export type PlainOp = keyof typeof plain;

/** Memory instructions: opcode bytes and natural alignment (log2 bytes), the default `align`. */
const memory = {
  'i32.load': [[0x28], 2], 'f32.load': [[0x2a], 2], 'i32.store': [[0x36], 2], 'f32.store': [[0x38], 2],
  'v128.load': [[0xfd, 0], 4], 'v128.load32_splat': [[0xfd, 9], 2], 'v128.load64_splat': [[0xfd, 10], 3],
  'v128.store': [[0xfd, 11], 4], 'v128.load32_zero': [[0xfd, 92], 2], 'v128.load64_zero': [[0xfd, 93], 3],
} as const satisfies Record<string, readonly [readonly number[], number]>;

export type MemoryOp = keyof typeof memory;

/** Lane instructions with a lane-index immediate. */
const lane = {
  'i32x4.extract_lane': [[0xfd, 27], 4], 'i32x4.replace_lane': [[0xfd, 28], 4],
  'f32x4.extract_lane': [[0xfd, 31], 4], 'f32x4.replace_lane': [[0xfd, 32], 4],
  'f64x2.extract_lane': [[0xfd, 33], 2],
} as const satisfies Record<string, readonly [readonly number[], number]>;

export type LaneOp = keyof typeof lane;

/** Relaxed-SIMD opcodes, so a module can say whether it needs the flag. */
const relaxedOps = new Set<string>(['f32x4.relaxed_madd', 'f32x4.relaxed_nmadd', 'f32x4.relaxed_min', 'f32x4.relaxed_max']);

function opcode(out: ByteWriter, bytes: readonly number[]): void {
  out.byte(bytes[0]);
  for (let i = 1; i < bytes.length; i++) out.u32(bytes[i]);
}

/** WAT identifiers are compiler-chosen; keep them to a plain alphabet so text and name section agree. */
function checkIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`wasm: '${name}' is not a valid identifier`);
  return name;
}

/** The shortest decimal that reads back as the same float32; WAT's names for the specials. */
export function f32Text(value: number): string {
  const x = Math.fround(value);
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  for (let digits = 1; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(x);
}

/** A local variable (parameters are locals too): its index in the function and its text name. */
export interface Local {
  readonly index: number;
  readonly name: string;
  readonly type: ValueType;
}

/** Memory immediates: a constant byte `offset` added to the address, and an alignment hint in bytes. */
export interface MemArg {
  offset?: number;
  /** In bytes, a power of two at most the access size; defaults to the natural alignment. */
  align?: number;
}

/**
 * One function: parameters, locals, and a body written instruction by instruction. Methods return
 * `this`, so a stack-machine sequence reads left to right: `f.get(a).i32(4).op('i32.add').set(a)`.
 * Blocks take their body as a callback and branches name the label, never a depth.
 */
export class FunctionBuilder {
  readonly params: Local[] = [];
  readonly locals: Local[] = [];
  readonly results: ValueType[];
  private readonly code = new ByteWriter();
  private readonly lines: string[] = [];
  private readonly labels: string[] = [];
  private readonly names = new Set<string>();
  /** Where in `code` a `call` needs its callee's index, which the module assigns. */
  private readonly calls: Array<{ at: number; callee: string }> = [];
  /** Whether the body uses relaxed SIMD (the module then needs the flag on Node 20). */
  usesRelaxedSimd = false;
  /**
   * A kernel over a range of its work: its first two parameters are `from` and `to`, a half-open
   * range of `units` independent pieces (output-channel blocks, tile rows, rows), each computed the
   * same way whatever the range, so any partition of [0, units) gives the same bytes as one call.
   */
  range?: WorkRange;
  /**
   * Arguments for a call that does no work (for a ranged kernel, an empty range): what a module's
   * `warm()` calls each kernel with at load, so V8 compiles it with its optimizing tier before the
   * first inference (see emit/wasm/warm.ts).
   */
  idle?: number[];
  /**
   * How threads share a kernel whose own range has too few units to share (a whole-image Winograd
   * chunk at batch 1; a stem's few channel blocks), or share better than by that range
   * (`preferred`): `prologue`, if any, over its range's parts (the input transform by tile rows),
   * then `ranged` over its range's parts (a convolution's output rows). The two together compute
   * exactly what one call of this function does.
   * `channelsIn(c_from, c_to)`, where offered, computes the prologue's work for the input's channel
   * vectors of bytes [c_from, c_to) only: called over a partition of them, all of the prologue.
   * `preferred`: taken even where the kernel's own range has units enough to share (a convolution
   * whose filters fit in L2, shared by rows: kernels/conv2d.ts `conv2dRowsSplit`).
   */
  threadSplit?: { prologue?: FunctionBuilder; ranged: FunctionBuilder; channelsIn?: { fn: FunctionBuilder; callee: FunctionBuilder }; preferred?: boolean };

  constructor(readonly name: string, params: Record<string, ValueType> = {}, results: ValueType[] = []) {
    checkIdentifier(name);
    for (const [paramName, type] of Object.entries(params)) this.params.push(this.declare(paramName, type));
    this.results = results;
  }

  private declare(name: string, type: ValueType): Local {
    checkIdentifier(name);
    if (this.names.has(name)) throw new Error(`wasm: local '${name}' declared twice in ${this.name}`);
    this.names.add(name);
    return { index: this.params.length + this.locals.length, name, type };
  }

  param(name: string): Local {
    const found = this.params.find((p) => p.name === name);
    if (!found) throw new Error(`wasm: ${this.name} has no parameter '${name}'`);
    return found;
  }

  /** A new local; all locals start at zero. */
  local(name: string, type: ValueType): Local {
    const declared = this.declare(name, type);
    this.locals.push(declared);
    return declared;
  }

  private line(text: string): this {
    this.lines.push('  '.repeat(this.labels.length) + text);
    return this;
  }

  private emit(text: string, bytes: readonly number[]): this {
    opcode(this.code, bytes);
    return this.line(text);
  }

  /** A `;;` comment in the text; no bytes. */
  comment(text: string): this {
    return this.line(`;; ${text.replace(/[\r\n\u2028\u2029]/g, ' ')}`);
  }

  op(name: PlainOp): this {
    if (relaxedOps.has(name)) this.usesRelaxedSimd = true;
    return this.emit(name, plain[name]);
  }

  /** Several plain instructions in order. */
  ops(...names: PlainOp[]): this {
    for (const name of names) this.op(name);
    return this;
  }

  i32(value: number): this {
    this.emit(`i32.const ${value | 0}`, [0x41]);
    this.code.s32(value);
    return this;
  }

  f32(value: number): this {
    this.emit(`f32.const ${f32Text(value)}`, [0x43]);
    this.code.f32(value);
    return this;
  }

  /** `v128.const f32x4 a b c d`. */
  f32x4(values: readonly [number, number, number, number]): this {
    this.emit(`v128.const f32x4 ${values.map(f32Text).join(' ')}`, [0xfd, 12]);
    for (const value of values) this.code.f32(value);
    return this;
  }

  /** `v128.const i32x4 a b c d`. */
  i32x4(values: readonly [number, number, number, number]): this {
    this.emit(`v128.const i32x4 ${values.map((v) => `0x${(v >>> 0).toString(16)}`).join(' ')}`, [0xfd, 12]);
    const view = new DataView(new ArrayBuffer(16));
    values.forEach((v, i) => view.setUint32(4 * i, v >>> 0, true));
    this.code.raw(new Uint8Array(view.buffer));
    return this;
  }

  get(local: Local): this {
    this.emit(`local.get $${local.name}`, [0x20]);
    this.code.u32(local.index);
    return this;
  }

  set(local: Local): this {
    this.emit(`local.set $${local.name}`, [0x21]);
    this.code.u32(local.index);
    return this;
  }

  tee(local: Local): this {
    this.emit(`local.tee $${local.name}`, [0x22]);
    this.code.u32(local.index);
    return this;
  }

  /** A load or store; the address (and for stores, then the value) must be on the stack. */
  mem(name: MemoryOp, arg: MemArg = {}): this {
    const [bytes, natural] = memory[name];
    const offset = arg.offset ?? 0;
    const align = arg.align ?? 1 << natural;
    const log2 = Math.log2(align);
    if (!Number.isInteger(log2) || log2 < 0 || log2 > natural) throw new Error(`wasm: alignment ${align} is invalid for ${name}`);
    let text = name;
    if (offset !== 0) text += ` offset=${offset}`;
    if (log2 !== natural) text += ` align=${align}`;
    this.emit(text, bytes);
    this.code.u32(log2).u32(offset);
    return this;
  }

  lane(name: LaneOp, index: number): this {
    const [bytes, count] = lane[name];
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`wasm: lane ${index} is out of range for ${name}`);
    this.emit(`${name} ${index}`, bytes);
    this.code.byte(index);
    return this;
  }

  /** `i8x16.shuffle` by 16 byte indices into the concatenation of the two operands (0–31). */
  shuffle(indices: readonly number[]): this {
    if (indices.length !== 16 || indices.some((i) => !Number.isInteger(i) || i < 0 || i > 31)) throw new Error('wasm: a shuffle takes 16 lane indices in 0…31');
    this.emit(`i8x16.shuffle ${indices.join(' ')}`, [0xfd, 13]);
    this.code.raw(indices);
    return this;
  }

  /** `i8x16.shuffle` for 32-bit lanes: four indices into the concatenation of the operands (0–7). */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    return this.shuffle(lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
  }

  /** `memory.fill`: destination, byte value and length on the stack. */
  fill(): this {
    this.emit('memory.fill', [0xfc, 11]);
    this.code.byte(0);
    return this;
  }

  /** `memory.copy`: destination, source and length on the stack. */
  copy(): this {
    this.emit('memory.copy', [0xfc, 10]);
    this.code.byte(0).byte(0);
    return this;
  }

  private structured(kind: 'block' | 'loop', code: number, label: string, body: () => void): this {
    checkIdentifier(label);
    if (this.labels.includes(label)) throw new Error(`wasm: label '${label}' shadows an enclosing one in ${this.name}`);
    this.emit(`${kind} $${label}`, [code]);
    this.code.byte(0x40); // empty block type: kernels keep values in locals and memory, not on the stack
    this.labels.push(label);
    body();
    this.labels.pop();
    return this.emit('end', [0x0b]);
  }

  /** `block $label … end`: a branch to it jumps past the end. */
  block(label: string, body: () => void): this {
    return this.structured('block', 0x02, label, body);
  }

  /** `loop $label … end`: a branch to it jumps back to the start. */
  loop(label: string, body: () => void): this {
    return this.structured('loop', 0x03, label, body);
  }

  /** `if … else … end` on the i32 on the stack. */
  ifElse(then: () => void, otherwise?: () => void): this {
    this.emit('if', [0x04]);
    this.code.byte(0x40);
    this.labels.push('');
    then();
    if (otherwise) {
      this.labels.pop();
      this.emit('else', [0x05]);
      this.labels.push('');
      otherwise();
    }
    this.labels.pop();
    return this.emit('end', [0x0b]);
  }

  private depth(label: string): number {
    const index = this.labels.lastIndexOf(label);
    if (index < 0 || label === '') throw new Error(`wasm: no enclosing label '${label}' in ${this.name}`);
    return this.labels.length - 1 - index;
  }

  br(label: string): this {
    const depth = this.depth(label);
    this.emit(`br $${label}`, [0x0c]);
    this.code.u32(depth);
    return this;
  }

  brIf(label: string): this {
    const depth = this.depth(label);
    this.emit(`br_if $${label}`, [0x0d]);
    this.code.u32(depth);
    return this;
  }

  /** `call $callee`: the arguments on the stack; the index is filled in when the module is encoded. */
  call(callee: FunctionBuilder | string): this {
    const name = typeof callee === 'string' ? callee : callee.name;
    this.emit(`call $${checkIdentifier(name)}`, [0x10]);
    this.calls.push({ at: this.code.length, callee: name });
    return this;
  }

  /** Arguments for a call that does nothing: `idle`, or an empty range of a ranged kernel. */
  get idleArguments(): number[] | undefined {
    return this.idle ?? (this.range ? [0, 0, ...(this.range.rest ?? [])] : undefined);
  }

  /** `call` of a kernel over all of its work: `(0, units)` first if it is ranged. */
  callWhole(callee: FunctionBuilder): this {
    if (callee.range) for (const value of [0, callee.range.units, ...(callee.range.rest ?? [])]) this.i32(value);
    return this.call(callee);
  }

  /** Names of the functions this one calls. */
  get callees(): string[] {
    return [...new Set(this.calls.map((c) => c.callee))];
  }

  // ─── Small idioms every kernel writes ───

  /** local += constant (i32). */
  addTo(local: Local, value: number): this {
    return value === 0 ? this : this.get(local).i32(value).op('i32.add').set(local);
  }

  /** local = constant. */
  setTo(local: Local, value: number): this {
    return this.i32(value).set(local);
  }

  /**
   * A counted loop: `counter` runs from its current value in steps of `step` while below `end`
   * (which the caller may give as a local). The body runs at least once, so callers ensure
   * start < end; the test is `ne`, which compiles to the shortest compare-and-branch.
   */
  countedLoop(label: string, counter: Local, step: number, end: number | Local, body: () => void): this {
    return this.loop(label, () => {
      body();
      this.addTo(counter, step).get(counter);
      if (typeof end === 'number') this.i32(end);
      else this.get(end);
      this.op('i32.ne').brIf(label);
    });
  }

  /**
   * The function's body as in the code section: local runs, instructions, end (the caller writes
   * its size). `indexOf` gives each callee's function index.
   */
  encodeBody(indexOf: (name: string) => number = () => { throw new Error('wasm: calls need a module'); }): Uint8Array<ArrayBuffer> {
    if (this.labels.length !== 0) throw new Error(`wasm: ${this.name} has an unclosed block`);
    const body = new ByteWriter();
    const runs: Array<{ count: number; type: ValueType }> = [];
    for (const local of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last.type === local.type) last.count++;
      else runs.push({ count: 1, type: local.type });
    }
    body.u32(runs.length);
    for (const run of runs) body.u32(run.count).byte(valueTypeCode[run.type]);
    const code = this.code.toBytes();
    let from = 0;
    for (const { at, callee } of this.calls) {
      body.raw(code.subarray(from, at)).u32(indexOf(callee));
      from = at;
    }
    body.raw(code.subarray(from)).byte(0x0b);
    return body.toBytes();
  }

  /** `(func $name …)` in WAT, instructions one per line, indented by block depth. */
  toText(exported: boolean): string {
    const head = [`(func $${this.name}`];
    if (exported) head.push(`(export "${this.name}")`);
    for (const p of this.params) head.push(`(param $${p.name} ${p.type})`);
    if (this.results.length) head.push(`(result ${this.results.join(' ')})`);
    const lines = [head.join(' ')];
    for (const local of this.locals) lines.push(`  (local $${local.name} ${local.type})`);
    for (const line of this.lines) lines.push(`  ${line}`);
    lines.push(')');
    return lines.join('\n');
  }

  signature(): string {
    return `${this.params.map((p) => p.type).join(',')}->${this.results.join(',')}`;
  }
}

export interface MemoryImport {
  /** Initial size in 64 KiB pages. */
  initial: number;
  /** Maximum in pages; required when shared. */
  maximum?: number;
  /** A shared memory (for worker threads); needs `maximum`. */
  shared?: boolean;
}

export interface DataSegment {
  /** Byte address where the bytes are placed at instantiation. */
  offset: number;
  bytes: Uint8Array;
}

/**
 * A module of kernels over one imported linear memory (`env.memory`), which the bundle creates so
 * it can place weights and inputs before any kernel runs and read outputs as views.
 */
export class ModuleBuilder {
  private readonly functions: Array<{ fn: FunctionBuilder; exported: boolean }> = [];
  private readonly data: DataSegment[] = [];

  constructor(readonly memory: MemoryImport) {
    if (memory.shared && memory.maximum === undefined) throw new Error('wasm: a shared memory needs a maximum');
  }

  add(fn: FunctionBuilder, options: { exported?: boolean } = {}): this {
    if (this.functions.some((f) => f.fn.name === fn.name)) throw new Error(`wasm: function '${fn.name}' added twice`);
    this.functions.push({ fn, exported: options.exported ?? true });
    return this;
  }

  /** The functions added so far, in order. */
  get added(): FunctionBuilder[] {
    return this.functions.map((f) => f.fn);
  }

  addData(segment: DataSegment): this {
    this.data.push(segment);
    return this;
  }

  /** Whether any function uses relaxed SIMD. */
  get usesRelaxedSimd(): boolean {
    return this.functions.some((f) => f.fn.usesRelaxedSimd);
  }

  /** The binary module; `names: false` leaves out the name section (function names for stack traces). */
  encode(options: { names?: boolean } = {}): Uint8Array<ArrayBuffer> {
    const out = new ByteWriter().raw([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, write: (s: ByteWriter) => void) => {
      const s = new ByteWriter();
      write(s);
      out.byte(id).sized(s);
    };

    // Types in first-use order, one per distinct signature.
    const signatures: string[] = [];
    const types: FunctionBuilder[] = [];
    const typeOf = this.functions.map(({ fn }) => {
      let index = signatures.indexOf(fn.signature());
      if (index < 0) {
        index = signatures.push(fn.signature()) - 1;
        types.push(fn);
      }
      return index;
    });
    section(1, (s) => {
      s.u32(types.length);
      for (const fn of types) {
        s.byte(0x60).u32(fn.params.length);
        for (const p of fn.params) s.byte(valueTypeCode[p.type]);
        s.u32(fn.results.length);
        for (const r of fn.results) s.byte(valueTypeCode[r]);
      }
    });
    section(2, (s) => {
      const { initial, maximum, shared } = this.memory;
      s.u32(1).name('env').name('memory').byte(0x02);
      s.byte(shared ? 0x03 : maximum === undefined ? 0x00 : 0x01).u32(initial);
      if (maximum !== undefined) s.u32(maximum);
    });
    section(3, (s) => {
      s.u32(typeOf.length);
      for (const index of typeOf) s.u32(index);
    });
    const exported = this.functions.map((f, index) => ({ ...f, index })).filter((f) => f.exported);
    section(7, (s) => {
      s.u32(exported.length);
      for (const { fn, index } of exported) s.name(fn.name).byte(0x00).u32(index);
    });
    const indexOf = (name: string) => {
      const index = this.functions.findIndex((f) => f.fn.name === name);
      if (index < 0) throw new Error(`wasm: a call to '${name}', which is not in the module`);
      return index;
    };
    section(10, (s) => {
      s.u32(this.functions.length);
      for (const { fn } of this.functions) {
        const body = fn.encodeBody(indexOf);
        s.u32(body.length).raw(body);
      }
    });
    if (this.data.length) {
      section(11, (s) => {
        s.u32(this.data.length);
        for (const { offset, bytes } of this.data) {
          s.byte(0x00).byte(0x41).s32(offset).byte(0x0b).u32(bytes.length).raw(bytes);
        }
      });
    }
    if (options.names === false) return out.toBytes();
    // The name section (custom): function names, so stack traces and profiles name the kernels.
    const names = new ByteWriter().name('name');
    const functionNames = new ByteWriter().u32(this.functions.length);
    this.functions.forEach(({ fn }, index) => functionNames.u32(index).name(fn.name));
    names.byte(1).sized(functionNames);
    out.byte(0).sized(names);
    return out.toBytes();
  }

  /** The module as WAT text (valid for wat2wasm, which gives the same code and data bytes). */
  toText(): string {
    const { initial, maximum, shared } = this.memory;
    const limits = [initial, ...(maximum === undefined ? [] : [maximum]), ...(shared ? ['shared'] : [])].join(' ');
    const lines = ['(module', `  (import "env" "memory" (memory ${limits}))`];
    for (const { fn, exported } of this.functions) lines.push(fn.toText(exported).replace(/^/gm, '  '));
    for (const { offset, bytes } of this.data) {
      const escaped = Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
      lines.push(`  (data (i32.const ${offset}) "${escaped}")`);
    }
    lines.push(')');
    return `${lines.join('\n')}\n`;
  }
}
