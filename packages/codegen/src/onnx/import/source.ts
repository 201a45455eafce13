/**
 * IR graph → DSL source, as a person would write the network: one chain of method calls per straight
 * run of layers, a `const` where a value branches, and a generic block function applied with `apply`
 * wherever the graph repeats a structure.
 *
 * Blocks come from the layers' names. Every proper prefix of a name (`layer1.0` of `layer1.0.conv1`) is
 * a candidate scope; its nodes form a block when they read one value from outside and only one of them
 * is read from outside. Two blocks have the same structure when their nodes, wiring, names within the
 * scope and non-numeric options are equal; numeric options that differ between them (channels, stride,
 * groups, kernel sizes) become the block function's parameters, one per distinct column of values.
 * The outermost scopes whose structure repeats are chosen. Only parameter layers are named in the
 * source (their names are the weights' names); the others take the DSL's nn.Sequential indices.
 */
import type { Graph, Node } from '@stride/dsl';
import { SourceWriter } from '../../emit/writer.js';

/** An option's value as written: numbers, pairs, strings, booleans, arrays of numbers. */
type Literal = number | string | boolean | readonly number[];
/** A numeric option a block may take as a parameter. */
const slotKeys = new Set(['outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'outFeatures', 'numGroups', 'outputPadding']);

interface Call {
  /** `conv2d`, … or `add` / `mul` / `concat` (free functions). */
  method: string;
  /** The option object's entries, or positional arguments. */
  options?: Array<[string, Literal]>;
  positional?: Literal[];
  /** Optional trailing options object for positional calls (groupNorm, layerNorm, …). */
  trailing?: Array<[string, Literal]>;
}

const pairOrNumber = (pair: readonly number[]): Literal => (pair[0] === pair[1] ? pair[0] : [pair[0], pair[1]]);
const isOne = (pair: readonly number[]) => pair[0] === 1 && pair[1] === 1;
const isZero = (pair: readonly number[]) => pair[0] === 0 && pair[1] === 0;

/** The DSL call that records `node`, with `name` (relative to its scope) for layers with parameters. */
function callOf(node: Node, name: string): Call {
  const named = (entries: Array<[string, Literal] | false>): Array<[string, Literal]> => {
    const out = entries.filter((e): e is [string, Literal] => e !== false);
    if (Object.keys(node.params).length > 0) out.push(['name', name]);
    return out;
  };
  switch (node.op) {
    case 'conv2d': {
      const a = node.attrs;
      const { top, bottom, left, right } = a.padding;
      const symmetric = top === bottom && left === right;
      const padding: Literal = symmetric ? pairOrNumber([top, left]) : 'same';
      return { method: 'conv2d', options: named([
        ['outChannels', a.outChannels], ['kernelSize', pairOrNumber(a.kernelSize)], !isOne(a.stride) && ['stride', pairOrNumber(a.stride)],
        (padding !== 0) && ['padding', padding], !isOne(a.dilation) && ['dilation', pairOrNumber(a.dilation)], a.groups !== 1 && ['groups', a.groups],
        !a.bias && ['bias', false], a.paddingMode !== 'zeros' && ['paddingMode', a.paddingMode],
      ]) };
    }
    case 'convTranspose2d': {
      const a = node.attrs;
      return { method: 'convTranspose2d', options: named([
        ['outChannels', a.outChannels], ['kernelSize', pairOrNumber(a.kernelSize)], !isOne(a.stride) && ['stride', pairOrNumber(a.stride)],
        !isZero(a.padding) && ['padding', pairOrNumber(a.padding)], !isZero(a.outputPadding) && ['outputPadding', pairOrNumber(a.outputPadding)],
        !isOne(a.dilation) && ['dilation', pairOrNumber(a.dilation)], a.groups !== 1 && ['groups', a.groups], !a.bias && ['bias', false],
      ]) };
    }
    case 'maxPool2d': case 'avgPool2d': {
      const a = node.attrs;
      const sameStride = a.stride[0] === a.kernelSize[0] && a.stride[1] === a.kernelSize[1];
      return { method: node.op, options: [
        ['kernelSize', pairOrNumber(a.kernelSize)], ...(sameStride ? [] : [['stride', pairOrNumber(a.stride)] as [string, Literal]]),
        ...(isZero(a.padding) ? [] : [['padding', pairOrNumber(a.padding)] as [string, Literal]]),
        ...(node.op === 'maxPool2d' && !isOne(node.attrs.dilation) ? [['dilation', pairOrNumber(node.attrs.dilation)] as [string, Literal]] : []),
        ...(a.ceilMode ? [['ceilMode', true] as [string, Literal]] : []),
        ...(node.op === 'avgPool2d' && !node.attrs.countIncludePad ? [['countIncludePad', false] as [string, Literal]] : []),
      ] };
    }
    case 'adaptiveAvgPool2d': case 'adaptiveMaxPool2d':
      return { method: node.op, positional: [pairOrNumber(node.attrs.outputSize)] };
    case 'batchNorm2d':
      return { method: 'batchNorm2d', options: named([node.attrs.eps !== 1e-5 && ['eps', node.attrs.eps]]) };
    case 'groupNorm':
      return { method: 'groupNorm', positional: [node.attrs.numGroups], trailing: named([node.attrs.eps !== 1e-5 && ['eps', node.attrs.eps], !node.attrs.affine && ['affine', false]]) };
    case 'instanceNorm2d':
      return { method: 'instanceNorm2d', options: named([node.attrs.eps !== 1e-5 && ['eps', node.attrs.eps], node.attrs.affine && ['affine', true]]) };
    case 'layerNorm': {
      const shape = node.attrs.normalizedShape;
      return { method: 'layerNorm', positional: [shape.length === 1 ? shape[0] : shape], trailing: named([node.attrs.eps !== 1e-5 && ['eps', node.attrs.eps], !node.attrs.elementwiseAffine && ['elementwiseAffine', false]]) };
    }
    case 'linear':
      return { method: 'linear', options: named([['outFeatures', node.attrs.outFeatures], !node.attrs.bias && ['bias', false]]) };
    case 'flatten':
      return { method: 'flatten', positional: node.attrs.startDim === 1 && node.attrs.endDim === node.shape.length ? [] : [node.attrs.startDim, node.attrs.endDim] };
    case 'reshape':
      return { method: 'reshape', positional: [node.attrs.shape as number[]] };
    case 'upsample': {
      const a = node.attrs;
      return { method: 'upsample', options: [
        a.scaleFactor ? ['scaleFactor', pairOrNumber(a.scaleFactor)] : ['size', pairOrNumber(a.size)],
        ...(a.mode === 'bilinear' ? [['mode', 'bilinear'] as [string, Literal]] : []), ...(a.alignCorners ? [['alignCorners', true] as [string, Literal]] : []),
      ] };
    }
    case 'dropout': return { method: 'dropout', positional: node.attrs.p === 0.5 ? [] : [node.attrs.p] };
    case 'softmax': return { method: 'softmax', positional: node.attrs.dim === node.shape.length - 1 ? [] : [node.attrs.dim] };
    case 'leakyRelu': return { method: 'leakyRelu', positional: node.attrs.slope === 0.01 ? [] : [node.attrs.slope] };
    case 'concat': return { method: 'concat', positional: node.attrs.dim === 1 ? [] : [node.attrs.dim] };
    case 'logSoftmax': return { method: 'logSoftmax', positional: node.attrs.dim === node.shape.length - 1 ? [] : [node.attrs.dim] };
    case 'elu': return { method: 'elu', positional: node.attrs.alpha === 1 ? [] : [node.attrs.alpha] };
    case 'mean': return { method: 'mean', positional: node.attrs.keepDim ? [node.attrs.dims, true] : [node.attrs.dims] };
    case 'clamp': return { method: 'clamp', options: [
      ...(node.attrs.min === null ? [] : [['min', node.attrs.min] as [string, Literal]]), ...(node.attrs.max === null ? [] : [['max', node.attrs.max] as [string, Literal]]),
    ] };
    case 'pad': {
      const { mode, value, padding: { top, bottom, left, right } } = node.attrs;
      const sides = top === 0 && bottom === 0 ? [left, right] : [left, right, top, bottom];
      const options: Array<[string, Literal]> = [...(mode === 'constant' ? [] : [['mode', mode] as [string, Literal]]), ...(value === 0 ? [] : [['value', value] as [string, Literal]])];
      return { method: 'pad', positional: [sides.every((p) => p === sides[0]) && sides.length === 4 ? sides[0] : sides], ...(options.length > 0 ? { trailing: options } : {}) };
    }
    case 'slice': {
      const { dim, start, end, step } = node.attrs;
      return { method: 'slice', options: [['dim', dim], ...(start === 0 ? [] : [['start', start] as [string, Literal]]), ['end', end], ...(step === 1 ? [] : [['step', step] as [string, Literal]])] };
    }
    case 'permute': return { method: 'permute', positional: [node.attrs.dims] };
    case 'pixelShuffle': return { method: 'pixelShuffle', positional: [node.attrs.upscaleFactor] };
    default: return { method: node.op };
  }
}

/** The flatten IR stores endDim as rank − 1 of the input; written `flatten()` when it is 1…−1. */
function fixFlatten(call: Call, node: Node, inputRank: number): Call {
  if (node.op !== 'flatten') return call;
  const { startDim, endDim } = node.attrs;
  return { method: 'flatten', positional: startDim === 1 && endDim === inputRank - 1 ? [] : [startDim, endDim] };
}

/** A literal as source; `slot` names a block parameter standing for it. */
function render(value: Literal): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return String(value);
}

interface Region {
  scope: string;
  nodes: Node[];
  input: string;
  output: string;
  signature: string;
  slots: Literal[];
}

interface Block {
  fn: string;
  params: Array<{ name: string; type: string; column: number[] }>;
  regions: Region[];
}

const reserved = new Set(['input', 'model', 'add', 'mul', 'concat', 'Shape', 'Tensor', 'x', 'default', 'const', 'class', 'function', 'new', 'delete', 'in', 'of', 'let', 'var', 'return', 'switch', 'case', 'do', 'if', 'else', 'for', 'while', 'void', 'with', 'this', 'true', 'false', 'null', 'typeof', 'instanceof', 'export', 'import', 'super', 'yield', 'await', 'enum', 'try', 'catch', 'finally', 'throw', 'break', 'continue', 'debugger', 'extends', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'undefined', 'NaN', 'Infinity', 'arguments', 'eval']);

/** A valid, readable identifier for `text` (`layer1.0` → `layer1_0`), unique in `taken`. */
export function identifier(text: string, taken: Set<string>): string {
  let base = text.replace(/[^A-Za-z0-9_$]+/g, '_').replace(/^_+|_+$/g, '') || 'value';
  if (/^[0-9]/.test(base)) base = `_${base}`;
  if (reserved.has(base)) base = `${base}_`;
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

const hasParams = (node: Node) => Object.keys(node.params).length > 0;

/** The scope part of a node's name: its own name for a layer with parameters is not a scope. */
function scopesOf(node: Node): string[] {
  const segments = node.name.split('.');
  const out: string[] = [];
  for (let k = 1; k < segments.length; k++) out.push(segments.slice(0, k).join('.'));
  return out;
}

export interface SourceOptions {
  /** The module that `input`, `model`, … are imported from. @default '@stride/dsl' */
  dsl?: string;
}

/** Writes the DSL source of `graph`: imports, block functions, the network, its default export. */
export function writeSource(graph: Graph, options: SourceOptions = {}): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const consumers = new Map<string, string[]>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n.id]);
  const outputIds = new Set(graph.outputs.map((o) => o.node));
  const rank = (id: string) => byId.get(id)!.shape.length;

  // Candidate regions by scope.
  const members = new Map<string, Node[]>();
  for (const n of graph.nodes) if (n.op !== 'input') for (const s of scopesOf(n)) members.set(s, [...(members.get(s) ?? []), n]);
  const regions: Region[] = [];
  for (const [scope, nodes] of members) {
    if (nodes.length < 2) continue;
    const inside = new Set(nodes.map((n) => n.id));
    const external = new Set(nodes.flatMap((n) => n.inputs).filter((i) => !inside.has(i)));
    const exits = nodes.filter((n) => outputIds.has(n.id) || (consumers.get(n.id) ?? []).some((c) => !inside.has(c)));
    if (external.size !== 1 || exits.length !== 1) continue;
    const input = [...external][0];
    // The DSL cannot check a concat, or a sum of two values computed after a broadcast product, on the
    // symbolic shapes of a generic block (a sum with the block's input it can): those stay inline, where
    // the shapes are literal.
    const ops = nodes.map((n) => n.op);
    if (ops.includes('concat') || (ops.includes('mul') && nodes.some((n) => n.op === 'add' && !n.inputs.includes(input)))) continue;
    const local = new Map<string, number>([[input, -1]]);
    nodes.forEach((n, i) => local.set(n.id, i));
    const slots: Literal[] = [];
    const shape = nodes.map((n) => {
      const call = fixFlatten(callOf(n, n.name.slice(scope.length + 1)), n, rank(n.inputs[0]));
      const abstract = (entries?: Array<[string, Literal]>) => entries?.map(([k, v]) => (slotKeys.has(k) && typeof v !== 'string' ? (slots.push(v), [k, '#']) : [k, v]));
      return [call.method, abstract(call.options), call.positional, abstract(call.trailing), n.inputs.map((i) => local.get(i)), exits[0] === n];
    });
    regions.push({ scope, nodes, input, output: exits[0].id, signature: JSON.stringify(shape), slots });
  }
  // The largest repeated structures first (outer blocks before the pieces inside them); regions chosen are disjoint.
  const groups = new Map<string, Region[]>();
  for (const r of regions) groups.set(r.signature, [...(groups.get(r.signature) ?? []), r]);
  const candidates = [...groups.values()].filter((g) => g.length >= 2)
    .sort((a, b) => b[0].nodes.length - a[0].nodes.length || order.get(a[0].output)! - order.get(b[0].output)!);
  const taken = new Set<string>();
  const blocks: Block[] = [];
  const functionNames = new Set<string>(reserved);
  for (const group of candidates) {
    const chosen = group.filter((r) => r.nodes.every((n) => !taken.has(n.id)));
    // Nested scopes of one group overlap each other: keep the first of each overlapping pair.
    const disjoint: Region[] = [];
    for (const r of chosen) if (!disjoint.some((d) => r.nodes.some((n) => d.nodes.includes(n)))) disjoint.push(r);
    if (disjoint.length < 2) continue;
    for (const r of disjoint) for (const n of r.nodes) taken.add(n.id);
    blocks.push({ fn: '', params: [], regions: disjoint.sort((a, b) => order.get(a.output)! - order.get(b.output)!) });
  }
  for (const block of blocks) {
    // From the scope's last name (`layer2.0` → layer2Block, `features.5` → featuresBlock); a block inside
    // another keeps its position (`features.4.block.0` → block0), as torchvision's Sequential indices tell them apart.
    const segments = block.regions[0].scope.split('.');
    const named = segments.filter((s) => !/^\d+$/.test(s));
    const position = named.length >= 2 && /^\d+$/.test(segments[segments.length - 1]) ? segments[segments.length - 1] : '';
    const stem = `${named[named.length - 1] ?? 'block'}${position}`;
    const camel = stem.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    block.fn = identifier(/block[\d_]*$/i.test(camel) ? camel : `${camel}Block`, functionNames);
    // One parameter per distinct column of slot values that varies between the block's uses.
    const columns = new Map<string, number[]>();
    const slotCount = block.regions[0].slots.length;
    const paramNames = new Set<string>();
    for (let s = 0; s < slotCount; s++) {
      const values = block.regions.map((r) => JSON.stringify(r.slots[s]));
      if (values.every((v) => v === values[0])) continue;
      const key = values.join('|');
      if (!columns.has(key)) columns.set(key, []);
      columns.get(key)!.push(s);
    }
    const keysOfSlots = slotKeysInOrder(block.regions[0]);
    for (const column of columns.values()) {
      const key = keysOfSlots[column[0]];
      const base = ({ outChannels: 'channels', outFeatures: 'features', numGroups: 'groups' } as Record<string, string>)[key] ?? key;
      const name = identifier(base, paramNames);
      const isPair = block.regions.some((r) => Array.isArray(r.slots[column[0]]));
      block.params.push({ name, type: isPair ? 'PairOption' : 'number', column });
    }
  }

  // Where each block is used, by its region's output.
  const usedAt = new Map<string, { block: Block; region: Region }>();
  for (const block of blocks) for (const region of block.regions) usedAt.set(region.output, { block, region });

  const w = new SourceWriter();
  const dslImports = ['input', 'model'];
  const used = new Set(graph.nodes.map((n) => n.op));
  for (const f of ['add', 'mul', 'sub', 'div', 'concat']) if (used.has(f as Node['op'])) dslImports.splice(dslImports.length - 1, 0, f);
  const types = blocks.length > 0 ? [...(blocks.some((b) => b.params.some((p) => p.type === 'PairOption')) ? ['type PairOption'] : []), 'type Shape', 'type Tensor'] : [];
  w.line(`/** ${graph.name}, imported from ONNX by \`stride import-onnx\`. Parameters are named as in the weights file beside it. */`);
  w.line(`import { ${[...dslImports.sort(), ...types].join(', ')} } from '${options.dsl ?? '@stride/dsl'}';`);
  w.line();

  for (const block of blocks) {
    const uses = block.regions.map((r) => r.scope);
    w.line(`/** The block at ${uses.slice(0, 3).join(', ')}${uses.length > 3 ? `, … (${uses.length} uses)` : ''}. */`);
    const generic = block.params.map((p) => `${p.type === 'PairOption' ? 'const ' : ''}${capitalize(p.name)} extends ${p.type}`).join(', ');
    const args = block.params.map((p) => `${p.name}: ${capitalize(p.name)}`).join(', ');
    const header = block.params.length > 0 ? `const ${block.fn} = <${generic}>(${args}) =>\n  <S extends Shape>(x: Tensor<S>) =>` : `const ${block.fn} = <S extends Shape>(x: Tensor<S>) =>`;
    const slotNames = new Map<number, string>();
    for (const p of block.params) for (const s of p.column) slotNames.set(s, p.name);
    const region = block.regions[0];
    const lines = emitRegion(region.nodes, new Map([[region.input, 'x']]), new Set([region.output]), region.scope, true, slotNames, new Map(), consumers, rank);
    writeFunction(w, header, lines, block.params.length > 0);
    w.line();
  }

  const names = new Set<string>([...reserved, ...blocks.map((b) => b.fn)]);
  const vars = new Map<string, string>();
  const inputs = graph.nodes.filter((n) => n.op === 'input');
  for (const n of inputs) {
    const v = identifier(n.name, names);
    vars.set(n.id, v);
    w.line(`export const ${v} = input([${n.shape.map((d) => (typeof d === 'number' ? d : render(d))).join(', ')}], { name: ${render(n.name)} });`);
  }
  const top = graph.nodes.filter((n) => n.op !== 'input' && !taken.has(n.id));
  for (const [output, use] of usedAt) top.push({ ...byId.get(output)!, id: output, name: use.region.scope, op: 'apply' as never, inputs: [use.region.input] } as unknown as Node);
  // At the top level a block is one reader of its input, and the reader of its inside's readers.
  const topConsumers = new Map<string, string[]>();
  const owner = new Map<string, string>();
  for (const [output, use] of usedAt) for (const n of use.region.nodes) owner.set(n.id, output);
  for (const n of top) for (const i of n.inputs) {
    const list = topConsumers.get(i) ?? [];
    list.push(n.id);
    topConsumers.set(i, list);
  }
  for (const n of graph.nodes) if (!owner.has(n.id)) for (const i of n.inputs) if (owner.has(i) && owner.get(i) !== i) { /* only outputs leave a region */ }
  top.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const outputNames = new Map<string, string>();
  for (const o of graph.outputs) if (!outputNames.has(o.node)) outputNames.set(o.node, identifier(o.name, names));
  const applyCalls = new Map<string, string>();
  for (const [output, { block, region }] of usedAt) {
    const args = block.params.map((p) => render(region.slots[p.column[0]]));
    applyCalls.set(output, `.apply(${block.fn}${block.params.length > 0 ? `(${args.join(', ')})` : ''}, '${region.scope}')`);
  }
  const lines = emitRegion(top, vars, new Set(graph.outputs.map((o) => o.node)), '', false, new Map(), applyCalls, topConsumers, rank, names, outputNames);
  for (const line of lines) w.line(line);
  const entry = (key: string, value: string) => (keyOf(key) === value ? value : `${keyOf(key)}: ${value}`);
  const outputEntries = graph.outputs.map((o) => entry(o.name, (vars.get(o.node) ?? outputNames.get(o.node))!));
  w.line();
  w.line(`export default model({ name: ${render(graph.name)}, inputs: { ${inputs.map((n) => entry(n.name, vars.get(n.id)!)).join(', ')} }, outputs: { ${outputEntries.join(', ')} } });`);
  return w.toString();
}

function slotKeysInOrder(region: Region): string[] {
  const keys: string[] = [];
  for (const n of region.nodes) {
    const call = callOf(n, '');
    for (const entries of [call.options, call.trailing]) for (const [k, v] of entries ?? []) if (slotKeys.has(k) && typeof v !== 'string') keys.push(k);
  }
  return keys;
}

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
const keyOf = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : render(name));

function writeFunction(w: SourceWriter, header: string, lines: string[], curried: boolean): void {
  const indent = curried ? '    ' : '  ';
  const headerLines = header.split('\n');
  // A body that is one expression is written as one; otherwise a block with its consts.
  if (lines.length > 0 && lines[0].startsWith('return ')) {
    for (const h of headerLines) w.line(h);
    const expr = [lines[0].slice('return '.length), ...lines.slice(1)];
    for (const l of expr) w.line(`${indent}${l}`);
    return;
  }
  headerLines[headerLines.length - 1] += ' {';
  for (const h of headerLines) w.line(h);
  for (const l of lines) w.line(`${indent}${l}`);
  w.line(`${indent.slice(2)}};`);
}

/**
 * The statements computing `nodes` (in order) from the values in `vars`: chains of calls, a `const`
 * where a value is read more than once or is an output. `exits` are returned (a block) or exported.
 */
function emitRegion(
  nodes: Node[], vars: Map<string, string>, exits: Set<string>, scope: string, isBlock: boolean, slotNames: Map<number, string>, applyCalls: Map<string, string>,
  consumers: Map<string, string[]>, rank: (id: string) => number, names = new Set<string>(reserved), outputNames = new Map<string, string>(),
): string[] {
  const namesTaken = names;
  const lines: string[] = [];
  const inRegion = new Set(nodes.map((n) => n.id));
  let slot = 0;
  let chain: { id: string; text: string[] } | undefined;
  const usesOf = (id: string) => (consumers.get(id) ?? []).filter((c) => inRegion.has(c) || !isBlock).length;
  const flush = (returning: boolean) => {
    if (!chain) return;
    const { id } = chain;
    const text = repeated(chain.text);
    chain = undefined;
    if (returning) {
      lines.push(`return ${text[0]}`, ...text.slice(1).map((t) => `  ${t}`));
      lines[lines.length - 1] += ';';
      return;
    }
    const node = nodes.find((n) => n.id === id)!;
    const exported = outputNames.get(id);
    const base = node.name.split('.').slice(scope ? scope.split('.').length : 0);
    const v = exported ?? identifier((Object.keys(node.params).length > 0 || applyCalls.has(id) ? base : base.slice(0, -1)).join('_') || node.op, names);
    vars.set(id, v);
    lines.push(`${exported ? 'export ' : ''}const ${v} = ${text[0]}`, ...text.slice(1).map((t) => `  ${t}`));
    lines[lines.length - 1] += ';';
  };
  const pieces = splitGroups(nodes, usesOf);
  for (const node of nodes) {
    const group = pieces.get(node.id);
    if (group) {
      // The first piece of a split writes them all: `const [a, b] = x.chunk(2);`.
      if (group.first !== node.id) continue;
      flush(false);
      const names = group.nodes.map((n) => identifier(n.name.split('.').slice(scope ? scope.split('.').length : 0).slice(0, -1).concat('piece').join('_'), namesTaken));
      group.nodes.forEach((n, k) => vars.set(n.id, names[k]));
      lines.push(`const [${names.join(', ')}] = ${vars.get(group.input)!}.${group.call};`);
      continue;
    }
    const apply = applyCalls.get(node.id);
    const rel = scope ? node.name.slice(scope.length + 1) : node.name;
    let call = apply ? undefined : fixFlatten(callOf(node, rel), node, rank(node.inputs[0]));
    if (call) {
      const abstract = (entries?: Array<[string, Literal]>) => entries?.map(([k, v]): string => {
        if (slotKeys.has(k) && typeof v !== 'string') {
          const name = slotNames.get(slot++);
          if (name) return `${k}: ${name}`;
        }
        return `${k}: ${render(v)}`;
      });
      const options = abstract(call.options);
      const trailing = abstract(call.trailing);
      call = { ...call, options: options as never, trailing: trailing as never };
    }
    const text = apply ?? methodText(call!);
    const free = call && ['add', 'mul', 'sub', 'div', 'concat'].includes(call.method);
    const input = node.inputs[0];
    const continues = !free && chain !== undefined && chain.id === input && usesOf(input) === 1 && !exits.has(input) && chain.text.length < 24;
    if (continues) {
      chain!.text.push(text);
      chain!.id = node.id;
      continue;
    }
    flush(false);
    if (free) {
      const operands = node.inputs.map((i) => vars.get(i)!);
      const start = call!.method === 'concat' ? `concat([${operands.join(', ')}]${call!.positional?.length ? `, ${call!.positional[0]}` : ''})` : `${call!.method}(${operands.join(', ')})`;
      chain = { id: node.id, text: [start] };
    } else {
      chain = { id: node.id, text: [vars.get(input)!, text] };
    }
  }
  const last = chain as { id: string } | undefined;
  flush(isBlock && last !== undefined && exits.has(last.id));
  if (isBlock && !lines.some((l) => l.startsWith('return '))) lines.push(`return ${vars.get([...exits][0])};`);
  return lines;
}

/**
 * Slices that cut one value into consecutive pieces along one axis, step 1, written one after another
 * (as the DSL's split and chunk record them, and the importer's Split): one `split` or `chunk` call.
 * Keyed by each piece's id; none is an output or read by nothing.
 */
function splitGroups(nodes: Node[], usesOf: (id: string) => number): Map<string, { first: string; input: string; nodes: Node[]; call: string }> {
  const out = new Map<string, { first: string; input: string; nodes: Node[]; call: string }>();
  for (let i = 0; i < nodes.length; i++) {
    const first = nodes[i];
    if (first.op !== 'slice' || first.attrs.start !== 0 || first.attrs.step !== 1) continue;
    const { dim } = first.attrs;
    const group = [first];
    for (let j = i + 1; j < nodes.length; j++) {
      const next = nodes[j];
      const last = group[group.length - 1];
      if (next.op !== 'slice' || next.inputs[0] !== first.inputs[0] || next.attrs.dim !== dim || next.attrs.step !== 1 || next.attrs.start !== (last.attrs as { end: number }).end) break;
      group.push(next);
    }
    const size = nodes.find((n) => n.id === first.inputs[0])?.shape[dim];
    const end = (group[group.length - 1].attrs as { end: number }).end;
    if (group.length < 2 || typeof size !== 'number' || end !== size || group.some((n) => usesOf(n.id) === 0)) continue;
    const sizes = group.map((n) => (n.attrs as { start: number; end: number }).end - (n.attrs as { start: number }).start);
    const dimArg = dim === 1 ? '' : `, ${dim}`;
    // chunk(n) cuts pieces of ⌈size / n⌉, the last one smaller.
    const chunk = Math.ceil(size / group.length);
    const call = sizes.every((l, k) => l === (k === sizes.length - 1 ? size - chunk * (sizes.length - 1) : chunk)) && sizes[sizes.length - 1] > 0
      ? `chunk(${group.length}${dimArg})` : `split([${sizes.join(', ')}]${dimArg})`;
    for (const n of group) out.set(n.id, { first: first.id, input: first.inputs[0], nodes: group, call });
    i += group.length - 1;
  }
  return out;
}

/**
 * Consecutive applications of one block under consecutive indices of one scope (`layer1.1`, `layer1.2`)
 * as one `repeat`: a stage of residual blocks, as a person writes it.
 */
function repeated(calls: string[]): string[] {
  const out: string[] = [];
  const applied = (text: string) => text.match(/^\.apply\((.+), '(.+)\.(\d+)'\)$/);
  for (let i = 0; i < calls.length;) {
    const first = applied(calls[i]);
    let j = i + 1;
    while (first && j < calls.length) {
      const next = applied(calls[j]);
      if (!next || next[1] !== first[1] || next[2] !== first[2] || Number(next[3]) !== Number(first[3]) + (j - i)) break;
      j++;
    }
    if (!first || j - i < 2) {
      out.push(calls[i++]);
      continue;
    }
    const start = Number(first[3]);
    const scope = start === 0 ? `'${first[2]}'` : `(i) => \`${first[2]}.\${i + ${start}}\``;
    out.push(`.repeat(${j - i}, ${first[1]}, ${scope})`);
    i = j;
  }
  return out;
}

function methodText(call: Call): string {
  const options = call.options as unknown as string[] | undefined;
  const trailing = call.trailing as unknown as string[] | undefined;
  if (options) return `.${call.method}({ ${options.join(', ')} })`;
  const args = (call.positional ?? []).map(render);
  if (trailing && trailing.length > 0) args.push(`{ ${trailing.join(', ')} }`);
  return `.${call.method}(${args.join(', ')})`;
}
