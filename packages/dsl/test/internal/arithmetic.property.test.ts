/**
 * Property test for the arithmetic façade: seeded random operands, one exact-equality assertion per
 * line in a generated module, type-checked under TypeScript 7 (`tsc`) and the TypeScript 6 API, and
 * compared with BigInt arithmetic. Also a 200-call method chain in one expression, each call doing
 * several operations, which must not reach TS2589. Reports the check cost it measured.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWithTs6, instantiationCount, removeScratch, scratch, type CheckCost, type Diagnostic } from '../harness/index.js';

/** mulberry32: a small seeded generator, so a failing case reproduces from its line number. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(20261125);
const integer = (low: number, high: number): bigint => BigInt(low + Math.floor(random() * (high - low + 1)));
const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)];

const edges = [0n, 1n, 9n, 10n, 99n, 100n, 999n, 1000n, 4096n, 9999999n, 10000000n];
/** Operands from every range the shape rules meet: small sizes, dimensions to 10^7, edges, signs, 10^9. */
function operand(): bigint {
  const kind = pick(['small', 'dim', 'edge', 'signed', 'large'] as const);
  if (kind === 'small') return integer(0, 300);
  if (kind === 'dim') return integer(0, 10_000_000);
  if (kind === 'edge') return pick(edges) * pick([1n, 1n, -1n]);
  if (kind === 'signed') return integer(-10_000_000, 10_000_000);
  return integer(0, 1_000_000_000);
}
const divisor = (): bigint => {
  const value = pick([integer(1, 9), integer(1, 400), integer(1, 10_000_000), pick(edges.slice(1))]);
  return random() < 0.2 ? -value : value;
};

/**
 * The type a result must have: its literal when the exact decimal text survives a round trip through
 * a double (TypeScript's rule for `infer … extends number`, so the literal then also equals what
 * JavaScript computes), else `number`.
 */
function literal(value: bigint): string {
  return String(Number(value)) === value.toString() ? value.toString() : 'number';
}
const floorDiv = (left: bigint, right: bigint): bigint => {
  const quotient = left / right; // BigInt division truncates toward zero
  return left % right !== 0n && (left < 0n) !== (right < 0n) ? quotient - 1n : quotient;
};
const sign = (value: bigint): bigint => (value > 0n ? 1n : value < 0n ? -1n : 0n);

interface Case { type: string; expected: string }
const binary: Record<string, () => Case> = {
  Add: () => { const [a, b] = [operand(), operand()]; return { type: `Add<${a}, ${b}>`, expected: literal(a + b) }; },
  Sub: () => { const [a, b] = [operand(), operand()]; return { type: `Sub<${a}, ${b}>`, expected: literal(a - b) }; },
  Mul: () => {
    // dims × small factors (element counts), and pairs up to 10^9 whose products mostly pass 2^53
    const [a, b] = random() < 0.7 ? [operand(), integer(-100, 10_000)] : [integer(0, 1_000_000_000), integer(0, 1_000_000_000)];
    return { type: `Mul<${a}, ${b}>`, expected: literal(a * b) };
  },
  FloorDiv: () => { const [a, b] = [operand(), divisor()]; return { type: `FloorDiv<${a}, ${b}>`, expected: literal(floorDiv(a, b)) }; },
  CeilDiv: () => { const [a, b] = [operand(), divisor()]; return { type: `CeilDiv<${a}, ${b}>`, expected: literal(-floorDiv(-a, b)) }; },
  Mod: () => { const [a, b] = [operand(), divisor()]; return { type: `Mod<${a}, ${b}>`, expected: literal(a - b * floorDiv(a, b)) }; },
  Compare: () => {
    const a = operand();
    const b = random() < 0.3 ? a + integer(-2, 2) : operand(); // near-equal pairs exercise the digit-by-digit walk
    return { type: `Compare<${a}, ${b}>`, expected: String(sign(a - b)) };
  },
  Lt: () => { const [a, b] = [operand(), operand()]; return { type: `Lt<${a}, ${b}>`, expected: String(a < b) }; },
  Gte: () => { const [a, b] = [operand(), operand()]; return { type: `Gte<${a}, ${b}>`, expected: String(a >= b) }; },
  Max: () => { const [a, b] = [operand(), operand()]; return { type: `Max<${a}, ${b}>`, expected: String(a > b ? a : b) }; },
  Min: () => { const [a, b] = [operand(), operand()]; return { type: `Min<${a}, ${b}>`, expected: String(a < b ? a : b) }; },
  Product: () => {
    const values = Array.from({ length: Number(integer(0, 5)) }, () => pick([integer(1, 4), integer(1, 512), integer(1, 300), integer(0, 2048)]));
    return { type: `Product<[${values.join(', ')}]>`, expected: literal(values.reduce((acc, v) => acc * v, 1n)) };
  },
};
const cases: Case[] = Object.values(binary).flatMap((make) => Array.from({ length: 26 }, make));

/**
 * Each step multiplies, reduces mod a prime, divides, compares and adds on dimension-sized values:
 * the mix a conv layer does, 200 layers deep in one expression.
 */
const chainLength = 200;
const chainStart = 224n;
function chainStep(value: bigint): bigint {
  return ((value * 37n) % 1009n) + floorDiv(value, 100n) - (value >= 500n ? 1n : 0n);
}
const chainEnd = Array.from({ length: chainLength }).reduce<bigint>((value) => chainStep(value), chainStart);

const header = [
  "import type { Add, CeilDiv, Compare, FloorDiv, Gte, Lt, Max, Min, Mod, Mul, Product, Sub } from '@internal';",
  'type Equal<Left, Right> = (<Probe>() => Probe extends Left ? 1 : 2) extends (<Probe>() => Probe extends Right ? 1 : 2) ? true : false;',
  'interface Dim<Value extends number> { value: Value; next(): Dim<Sub<Add<Mod<Mul<Value, 37>, 1009>, FloorDiv<Value, 100>>, Gte<Value, 500> extends true ? 1 : 0>> }',
  `declare const start: Dim<${chainStart}>;`,
];
const firstCaseLine = header.length + 1;
const sentinels = [
  'export const wrongSum: Equal<Add<2, 2>, 5> = true;',
  'export const wideIsNotLiteral: Equal<Mul<number, 3>, 3> = true;',
];
const lines = [
  ...header,
  ...cases.map((c, index) => `export const case${index}: Equal<${c.type}, ${c.expected}> = true;`),
  `const end = start${'.next()'.repeat(chainLength)};`,
  `export const chain: Equal<typeof end.value, ${chainEnd}> = true;`,
  ...sentinels,
];
const chainLine = firstCaseLine + cases.length + 1;
const sentinelLines = sentinels.map((_, index) => chainLine + 1 + index);

/**
 * Every `Name<…> //=> result` line in the façade's docblocks, as an exact-equality assertion, so the
 * documented examples cannot drift from what the types compute.
 */
const internalFolder = join(import.meta.dirname, '..', '..', 'src', 'internal');
const examples = readdirSync(internalFolder).filter((name) => name.endsWith('.ts')).flatMap((name) =>
  readFileSync(join(internalFolder, name), 'utf8').split('\n').flatMap((line) => {
    const match = /^\s*\*\s*(?:@example\s+)?([A-Z]\w*<.*>)\s*\/\/=>\s*(.+?)\s*$/.exec(line);
    return match ? [{ file: name, type: match[1], expected: match[2] }] : [];
  }));
const exampleSource = [
  "import type * as Arithmetic from '@internal';",
  'type Equal<Left, Right> = (<Probe>() => Probe extends Left ? 1 : 2) extends (<Probe>() => Probe extends Right ? 1 : 2) ? true : false;',
  ...examples.map((e, index) => `export const example${index}: Equal<${e.type.replace(/\b([A-Z]\w*)</g, 'Arithmetic.$1<')}, ${e.expected}> = true;`),
].join('\n');

let folder: string;
const results: Partial<Record<'tsc' | 'ts6', CheckCost & { diagnostics: Diagnostic[] }>> = {};
beforeAll(() => {
  folder = scratch({ 'cases.ts': '' });
  // Not exported by the package, so reached by a relative path from the scratch folder.
  const internal = JSON.stringify(relative(folder, internalFolder));
  removeScratch(folder);
  folder = scratch({ 'cases.ts': lines.join('\n').replace("'@internal'", internal), 'examples.ts': exampleSource.replace("'@internal'", internal) });
  results.tsc = instantiationCount(folder, 'tsc');
  results.ts6 = instantiationCount(folder, 'ts6');
  for (const [compiler, result] of Object.entries(results)) {
    console.info(`arithmetic property (${cases.length} cases, ${chainLength}-call chain, ${examples.length} documented examples), ${compiler}: ${result.instantiations} instantiations, ${result.types} types, check ${result.checkSeconds.toFixed(3)} s`);
  }
});
afterAll(() => removeScratch(folder));

describe('arithmetic property test: the type level equals BigInt arithmetic', () => {
  it('generates a spread of cases, including results too large for an exact literal', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(cases.some((c) => c.expected === 'number')).toBe(true);
    expect(cases.some((c) => c.expected.startsWith('-'))).toBe(true);
    expect(cases.some((c) => Number(c.expected) > 1e9)).toBe(true);
  });

  it('finds the documented examples of every public alias', () => {
    const documented = new Set(examples.map((e) => /^\w+/.exec(e.type)![0]));
    expect([...documented].sort()).toEqual(['Add', 'CeilDiv', 'Compare', 'FloorDiv', 'Gt', 'Gte', 'IsInteger', 'IsNonNegativeInteger', 'IsPositiveInteger', 'Lt', 'Lte', 'Max', 'Min', 'Mod', 'Mul', 'Product', 'ScaledSize', 'Sub']);
  });

  for (const compiler of ['tsc', 'ts6'] as const) {
    it(`${compiler}: every case holds, and the two wrong sentinels fail on their lines`, () => {
      const diagnostics = results[compiler]!.diagnostics.filter((d) => d.file === 'cases.ts');
      const failing = diagnostics.filter((d) => !sentinelLines.includes(d.line))
        .map((d) => ({ line: d.line, code: d.code, case: cases[d.line - firstCaseLine] ?? lines[d.line - 1], message: d.message.split('\n')[0] }));
      expect(failing).toEqual([]);
      expect(diagnostics.map((d) => [d.line, d.code])).toEqual(sentinelLines.map((line) => [line, 2322]));
    });

    it(`${compiler}: every documented example holds`, () => {
      const wrong = results[compiler]!.diagnostics.filter((d) => d.file === 'examples.ts')
        .map((d) => ({ example: examples[d.line - 3] ?? d.line, message: d.message.split('\n')[0] }));
      expect(wrong).toEqual([]);
    });

    it(`${compiler}: stays under its instantiation ceiling, with no TS2589 anywhere`, () => {
      const { diagnostics, instantiations } = results[compiler]!;
      expect(diagnostics.some((d) => d.code === 2589)).toBe(false);
      expect(instantiations).toBeGreaterThan(10_000);
      expect(instantiations).toBeLessThan(CEILING[compiler]);
    });
  }
});

describe('the hand-written exact-equality tests', () => {
  it('also hold under the TypeScript 6 API (the repository type-check runs them under TypeScript 7)', () => {
    expect(checkWithTs6([join(import.meta.dirname, 'arithmetic.test-d.ts')])).toEqual([]);
  });
});

/**
 * About 1.3× what was measured (1,220,223 under tsc 7.0.2, 1,211,783 under TypeScript 6.0.2; see the
 * line beforeAll prints). Instantiation counts are deterministic for a compiler version and seed.
 */
const CEILING = { tsc: 1_600_000, ts6: 1_600_000 };
