/**
 * The wasm encoder against bytes worked out by hand from the binary format (WebAssembly core spec
 * §5 and the SIMD and relaxed-SIMD opcode tables), its WAT text, and engines that run what it makes.
 * (Every opcode was also checked once to be byte-identical with wabt's assembly of the encoder's own
 * text; see docs/wasm.md.)
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter, FunctionBuilder, ModuleBuilder, f32Text } from '../../src/emit/wasm/encoder.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/** The instruction bytes of a one-function module: the code section's body minus locals and end. */
function instructions(build: (f: FunctionBuilder) => void): string {
  const f = new FunctionBuilder('f', { p: 'i32' });
  build(f);
  const body = f.encodeBody();
  return hex(body.subarray(1, body.length - 1)); // no local runs (0x00) … end (0x0b)
}

describe('LEB128', () => {
  it.each([
    [0, '00'], [1, '01'], [127, '7f'], [128, '80 01'], [300, 'ac 02'], [624485, 'e5 8e 26'], [0xffffffff, 'ff ff ff ff 0f'],
  ])('u32 %d → %s', (value, bytes) => {
    expect(hex(new ByteWriter().u32(value).toBytes())).toBe(bytes);
  });

  it.each([
    [0, '00'], [-1, '7f'], [63, '3f'], [64, 'c0 00'], [-64, '40'], [-65, 'bf 7f'], [-123456, 'c0 bb 78'],
    [2147483647, 'ff ff ff ff 07'], [-2147483648, '80 80 80 80 78'],
  ])('s32 %d → %s', (value, bytes) => {
    expect(hex(new ByteWriter().s32(value).toBytes())).toBe(bytes);
  });

  it('refuses what is not a u32', () => {
    expect(() => new ByteWriter().u32(-1)).toThrow(/not a u32/);
    expect(() => new ByteWriter().u32(1.5)).toThrow(/not a u32/);
  });
});

describe('instructions', () => {
  it('i32 and f32 constants, locals', () => {
    expect(instructions((f) => f.i32(-1).f32(1.5).op('drop').op('drop'))).toBe('41 7f 43 00 00 c0 3f 1a 1a');
    expect(instructions((f) => f.get(f.param('p')).tee(f.param('p')).set(f.param('p')))).toBe('20 00 22 00 21 00');
  });

  it('SIMD: the 0xFD prefix, LEB128 sub-opcodes and memarg (log2 alignment, offset)', () => {
    const v = (f: FunctionBuilder) => f.get(f.param('p'));
    expect(instructions((f) => v(f).mem('v128.load', { offset: 16 }).op('drop'))).toBe('20 00 fd 00 04 10 1a');
    expect(instructions((f) => v(f).mem('v128.load32_splat', { offset: 300 }).op('drop'))).toBe('20 00 fd 09 02 ac 02 1a');
    expect(instructions((f) => v(f).mem('v128.load', { align: 4 }).op('drop'))).toBe('20 00 fd 00 02 00 1a');
    expect(instructions((f) => f.f32x4([1, 1, 1, 1]).f32x4([0, 0, 0, 0]).op('f32x4.add').op('drop')))
      .toBe('fd 0c 00 00 80 3f 00 00 80 3f 00 00 80 3f 00 00 80 3f fd 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 fd e4 01 1a');
    expect(instructions((f) => f.f32x4([0, 0, 0, 0]).lane('f32x4.extract_lane', 3).op('drop'))).toBe('fd 0c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 fd 1f 03 1a');
  });

  it('float64 lanes (softmax sums), pmin/pmax and lane shifts (exp): sub-opcodes ≥ 128 take two LEB128 bytes', () => {
    const zeros = 'fd 0c' + ' 00'.repeat(16);
    expect(instructions((f) => f.f32x4([0, 0, 0, 0]).op('f64x2.promote_low_f32x4').f32x4([0, 0, 0, 0]).op('f64x2.add').op('f32x4.demote_f64x2_zero').op('drop')))
      .toBe(`${zeros} fd 5f ${zeros} fd f0 01 fd 5e 1a`);
    expect(instructions((f) => f.f32x4([0, 0, 0, 0]).f32x4([0, 0, 0, 0]).op('f32x4.pmin').f32x4([0, 0, 0, 0]).op('f32x4.pmax').i32(1).op('i32x4.shr_s').op('drop')))
      .toBe(`${zeros} ${zeros} fd ea 01 ${zeros} fd eb 01 41 01 fd ac 01 1a`);
  });

  it('relaxed SIMD is marked, so a caller knows the module needs the flag', () => {
    const f = new FunctionBuilder('r');
    expect(f.usesRelaxedSimd).toBe(false);
    f.f32x4([1, 1, 1, 1]).f32x4([1, 1, 1, 1]).f32x4([1, 1, 1, 1]).op('f32x4.relaxed_madd').op('drop');
    expect(f.usesRelaxedSimd).toBe(true);
    expect(hex(f.encodeBody()).endsWith('fd 85 02 1a 0b')).toBe(true);
  });

  it('branches name labels; depths are counted outward from the innermost block', () => {
    expect(instructions((f) => f.block('out', () => f.loop('again', () => f.i32(0).brIf('out').br('again')))))
      .toBe('02 40 03 40 41 00 0d 01 0c 00 0b 0b');
    expect(() => instructions((f) => f.br('nowhere'))).toThrow(/no enclosing label/);
    expect(() => instructions((f) => f.block('a', () => f.block('a', () => {})))).toThrow(/shadows/);
  });

  it('refuses an alignment larger than the access', () => {
    expect(() => instructions((f) => f.i32(0).mem('f32.load', { align: 8 }))).toThrow(/alignment 8 is invalid/);
  });

  it('local declarations are run-length encoded by type', () => {
    const f = new FunctionBuilder('f');
    f.local('a', 'i32');
    f.local('b', 'i32');
    f.local('v', 'v128');
    f.local('c', 'i32');
    expect(hex(f.encodeBody())).toBe('03 02 7f 01 7b 01 7f 0b');
  });
});

describe('modules', () => {
  const adder = () => {
    const f = new FunctionBuilder('add', { a: 'i32', b: 'i32' }, ['i32']);
    f.get(f.param('a')).get(f.param('b')).op('i32.add');
    return new ModuleBuilder({ initial: 1 }).add(f);
  };

  it('a whole module, byte by byte', () => {
    expect(hex(adder().encode({ names: false }))).toBe([
      '00 61 73 6d 01 00 00 00', // magic, version 1
      '01 07 01 60 02 7f 7f 01 7f', // type section: one func type (i32, i32) → i32
      '02 0f 01 03 65 6e 76 06 6d 65 6d 6f 72 79 02 00 01', // import "env" "memory", limits: min 1
      '03 02 01 00', // function section: function 0 has type 0
      '07 07 01 03 61 64 64 00 00', // export "add" = function 0
      '0a 09 01 07 00 20 00 20 01 6a 0b', // code: size 7, no locals, local.get 0, local.get 1, i32.add, end
    ].join(' '));
  });

  it('runs, and the name section names the function', () => {
    const bytes = adder().encode();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.customSections(module, 'name')).toHaveLength(1);
    const { exports } = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } });
    expect((exports.add as (a: number, b: number) => number)(2, 40)).toBe(42);
  });

  it('a shared memory import needs a maximum and encodes flag 3', () => {
    expect(() => new ModuleBuilder({ initial: 1, shared: true })).toThrow(/maximum/);
    const bytes = new ModuleBuilder({ initial: 2, maximum: 9, shared: true }).add(new FunctionBuilder('f')).encode({ names: false });
    expect(hex(bytes)).toContain('02 03 02 09');
    expect(WebAssembly.validate(bytes)).toBe(true);
  });

  it('calls resolve to module indices; data segments land at their offset', () => {
    const callee = new FunctionBuilder('seven', {}, ['i32']);
    callee.i32(7);
    const caller = new FunctionBuilder('twice', {}, ['i32']);
    caller.call(callee).call('seven').op('i32.add').i32(1024).mem('i32.load').op('i32.add');
    const module = new ModuleBuilder({ initial: 1 }).add(caller).add(callee, { exported: false })
      .addData({ offset: 1024, bytes: new Uint8Array([100, 0, 0, 0]) });
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(module.encode()), { env: { memory } });
    expect((exports.twice as () => number)()).toBe(114);
    expect(exports.seven).toBeUndefined();
    expect(() => new ModuleBuilder({ initial: 1 }).add(caller).encode()).toThrow(/not in the module/);
  });

  it('the same calls give the same bytes', () => {
    expect(hex(adder().encode())).toBe(hex(adder().encode()));
  });

  it('prints WAT: the instructions as written, indented by block, with comments', () => {
    const f = new FunctionBuilder('k', { n: 'i32' });
    const i = f.local('i', 'i32');
    f.comment('count to n');
    f.loop('again', () => f.addTo(i, 4).get(i).get(f.param('n')).op('i32.ne').brIf('again'));
    f.get(i).get(i).mem('v128.load', { offset: 32 }).mem('v128.store');
    const module = new ModuleBuilder({ initial: 1, maximum: 4 }).add(f).addData({ offset: 16, bytes: new Uint8Array([1, 255]) });
    expect(module.toText()).toBe([
      '(module',
      '  (import "env" "memory" (memory 1 4))',
      '  (func $k (export "k") (param $n i32)',
      '    (local $i i32)',
      '    ;; count to n',
      '    loop $again',
      '      local.get $i',
      '      i32.const 4',
      '      i32.add',
      '      local.set $i',
      '      local.get $i',
      '      local.get $n',
      '      i32.ne',
      '      br_if $again',
      '    end',
      '    local.get $i',
      '    local.get $i',
      '    v128.load offset=32',
      '    v128.store',
      '  )',
      '  (data (i32.const 16) "\\01\\ff")',
      ')',
      '',
    ].join('\n'));
  });

  it('prints floats as the shortest decimal that reads back as the same float32', () => {
    expect(f32Text(0.1)).toBe('0.1');
    expect(f32Text(1 / 3)).toBe('0.33333334');
    expect(f32Text(-0)).toBe('-0');
    expect(f32Text(-Infinity)).toBe('-inf');
    expect(f32Text(Number.NaN)).toBe('nan');
    expect(f32Text(16777217)).toBe('16777216');
  });
});
