/**
 * Lowering: IR (after the passes) → kernel steps, with fusion.
 *
 * Fusion rules, each only when the intermediate value has a single reader and is not a graph output:
 * - an activation after conv2d / convTranspose2d / linear / add / mul becomes that step's epilogue;
 * - `add(a, b)` of same-shaped operands whose later-computed operand comes from a conv2d or linear
 *   becomes that kernel's residual epilogue (the ResNet pattern), the other operand being read as it
 *   stores — so the residual sum never round-trips through memory;
 * - flatten and reshape become views of their input (no step, no copy).
 * Steps are placed where the last fused node was, so every value they read already exists.
 *
 * Pooling is not fused: it stays a step of its own, its windows unrolled without bounds checks where
 * they lie inside the input (emit/js/pool.ts), at 4–6% of LeNet-5's time and 1.3% of the VGG net's.
 * Pooling a 2×2 window inside the Winograd output transforms was built and measured slower — LeNet-5
 * 114 µs against 102 (a pooled tile keeps twice the values live and needs an even tile width), the
 * VGG net 10.31 ms against 10.26 — so it does not pay here.
 */
import { macsOf, resolveShapeForBatch, type Graph, type Node, type NodeOf } from './graph-types.js';
import { chooseConv2dKernel } from './convKernel.js';
import type { Activation, Epilogue, LoweredProgram, Program, Step, Value, WeightRef, WinogradPlan, WinogradRowsPlan } from './program.js';
import { sizeOf } from './program.js';

export interface Lowered {
  program: LoweredProgram;
  /** Raw (unpacked) parameter data by name, for the emitter to lay out. */
  params: Map<string, Float32Array>;
}

const activationOps = new Set(['relu', 'relu6', 'leakyRelu', 'sigmoid', 'tanh', 'gelu', 'silu', 'hardswish', 'hardsigmoid']);

export function lower(graph: Graph, weights: Map<string, Float32Array>, batch: number): Lowered {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const readers = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const node of graph.nodes) for (const input of node.inputs) readers.get(input)!.push(node.id);
  const outputIds = new Set(graph.outputs.map((o) => o.node));
  const single = (id: string) => readers.get(id)!.length === 1 && !outputIds.has(id);
  const shapes = new Map(graph.nodes.map((n) => [n.id, resolveShapeForBatch(n.shape, batch)]));

  // Decide fusions. `absorbedBy[x] = y`: node x is computed inside the step of node y's chain head.
  const residualOf = new Map<string, string>(); // producer id → id of the add it absorbs
  const activationOf = new Map<string, string>(); // head id → activation node id
  const fusedInto = new Map<string, string>(); // fused node id → head id
  for (const node of graph.nodes) {
    if (node.op !== 'add') continue;
    const [left, right] = node.inputs;
    if (shapes.get(left)!.join() !== shapes.get(right)!.join()) continue;
    const later = order.get(left)! > order.get(right)! ? left : right;
    const producer = byId.get(later)!;
    if ((producer.op === 'conv2d' || producer.op === 'linear') && single(later) && !residualOf.has(later)) {
      residualOf.set(later, node.id);
      fusedInto.set(node.id, later);
    }
  }
  for (const node of graph.nodes) {
    if (!activationOps.has(node.op)) continue;
    const source = node.inputs[0];
    const head = fusedInto.get(source) ?? source;
    const producer = byId.get(head)!;
    if (!single(source)) continue;
    if (!['conv2d', 'convTranspose2d', 'linear', 'add', 'mul'].includes(producer.op)) continue;
    if (activationOf.has(head)) continue;
    activationOf.set(head, node.id);
    fusedInto.set(node.id, head);
  }

  const values: Value[] = [];
  const valueOf = new Map<string, Value>();
  const newValue = (shape: number[], storage?: Value, dtype?: 'f64'): Value => {
    const value: Value = { id: values.length, shape, offset: -1, storage: storage ? storage.storage : values.length, ...(dtype ? { dtype } : {}) };
    values.push(value);
    return value;
  };
  const params = new Map<string, Float32Array>();
  const weightRef = (name: string, data: Float32Array): WeightRef => {
    params.set(name, data);
    return { name, offset: -1, length: data.length };
  };
  const activationFor = (node: Node): Activation => (node.op === 'leakyRelu' ? { op: 'leakyRelu', slope: node.attrs.slope } : { op: node.op as Activation['op'] });

  // The last node of each fused chain, where its step goes.
  const lastOfChain = new Map<string, string>();
  for (const [fused, head] of fusedInto) {
    const current = lastOfChain.get(head);
    if (!current || order.get(fused)! > order.get(current)!) lastOfChain.set(head, fused);
  }
  const pendingHeads = new Map<string, string[]>(); // last node id → heads whose step is placed there
  for (const [head, last] of lastOfChain) pendingHeads.set(last, [...(pendingHeads.get(last) ?? []), head]);

  const steps: Step[] = [];
  const inputs: Program['inputs'] = [];
  const emitHead = (node: Node) => {
    const chain = [node.id];
    const residualAdd = residualOf.get(node.id);
    const activationId = activationOf.get(node.id);
    const epilogue: Epilogue = {};
    let finalId = node.id;
    if (residualAdd) {
      const add = byId.get(residualAdd)!;
      const other = add.inputs[0] === node.id ? add.inputs[1] : add.inputs[0];
      epilogue.residual = valueOf.get(other)!;
      chain.push(residualAdd);
      finalId = residualAdd;
    }
    if (activationId) {
      epilogue.activation = activationFor(byId.get(activationId)!);
      chain.push(activationId);
      finalId = activationId;
    }
    const output = newValue(shapes.get(finalId)!);
    const layers = chain.map((id) => layerLabel(byId.get(id)!));
    for (const id of chain) valueOf.set(id, output);
    const input = valueOf.get(node.inputs[0])!;
    switch (node.op) {
      case 'conv2d': {
        const attrs = node.attrs;
        if (attrs.bias) epilogue.bias = weightRef(node.params.bias!.name, weights.get(node.params.bias!.name)!);
        const filters = weights.get(node.params.weight.name)!;
        const outShape = shapes.get(node.id)!;
        const choice = chooseConv2dKernel(attrs, input.shape, outShape, filters.every(Number.isFinite));
        const pad = attrs.padding;
        const needsPad = pad.top + pad.bottom + pad.left + pad.right > 0;
        const [n, c, h, w] = input.shape;
        const [, outChannels, outHeight, outWidth] = outShape;
        // The padded copy of the input, when the kernel reads one: the conv's padding, widened or
        // lengthened for the Winograd kernels' whole tiles.
        let paddedShape = needsPad ? [n, c, h + pad.top + pad.bottom, w + pad.left + pad.right] : undefined;
        let winograd: WinogradPlan | undefined;
        let winogradRows: WinogradRowsPlan | undefined;
        const weight = weightRef(node.params.weight.name, filters);
        if (choice.kernel === 'conv2d/winograd-2x2') {
          // Whole 4×4 input tiles: the padded copy is always made, one row and column longer when the
          // output size is odd (those extra outputs are computed and dropped).
          const tileRows = Math.ceil(outHeight / 2);
          const tileCols = Math.ceil(outWidth / 2);
          paddedShape = [n, c, 2 * tileRows + 2, 2 * tileCols + 2];
          const rows = winogradChunkRows(tileRows, tileCols, c);
          winograd = { tileRows, tileCols, rows, scratch: newValue([16 * (c + outChannels) * rows * tileCols]) };
        } else if (choice.kernel === 'conv2d/winograd-rows') {
          const { kernelSize: [kh, kw], stride: [sh], dilation: [dh] } = attrs;
          const { m } = choice;
          const tile = m + kw - 1;
          const tiles = Math.ceil(outWidth / m);
          // Every tile reads `tile` columns: the last may run past the padded input, so the copy is
          // widened (its extra outputs are computed and dropped).
          const paddedHeight = h + pad.top + pad.bottom;
          const paddedWidth = Math.max(w + pad.left + pad.right, tiles * m + kw - 1);
          if (needsPad || paddedWidth > w) paddedShape = [n, c, paddedHeight, paddedWidth];
          const inputRowsFor = (rows: number) => (rows - 1) * sh + (kh - 1) * dh + 1;
          const scratchFor = (rows: number) => tile * (c * inputRowsFor(rows) + outChannels * rows) * tiles;
          // The most rows whose scratch fits the budget, then evened out over the chunks that takes.
          let chunkRows = outHeight;
          while (chunkRows > 1 && scratchFor(chunkRows) > rowsScratchBudget) chunkRows--;
          chunkRows = Math.ceil(outHeight / Math.ceil(outHeight / chunkRows));
          const length = tile * outChannels * c * kh;
          winogradRows = {
            m, r: kw, n: tile, tiles, chunkRows, chunkInputRows: inputRowsFor(chunkRows), blockChannels: choice.blockChannels,
            scratch: newValue([scratchFor(chunkRows)], undefined, 'f64'),
            filters: { name: `${node.params.weight.name}#winograd-rows`, offset: -1, length, dtype: 'f64' },
          };
        }
        const padded = paddedShape && newValue(paddedShape);
        steps.push({ kind: 'conv2d', layers, input, output, attrs, weight, epilogue, padded, winograd, winogradRows, kernel: choice.kernel, macs: macsFor(node, shapes) });
        return;
      }
      case 'convTranspose2d': {
        if (node.attrs.bias) epilogue.bias = weightRef(node.params.bias!.name, weights.get(node.params.bias!.name)!);
        steps.push({ kind: 'convTranspose2d', layers, input, output, attrs: node.attrs, weight: weightRef(node.params.weight.name, weights.get(node.params.weight.name)!), epilogue, kernel: 'convTranspose2d/scatter', macs: macsFor(node, shapes) });
        return;
      }
      case 'linear': {
        if (node.attrs.bias) epilogue.bias = weightRef(node.params.bias!.name, weights.get(node.params.bias!.name)!);
        steps.push({ kind: 'linear', layers, input, output, attrs: node.attrs, weight: weightRef(node.params.weight.name, weights.get(node.params.weight.name)!), epilogue, kernel: 'linear/blocks-8', macs: macsFor(node, shapes) });
        return;
      }
      case 'add':
      case 'mul':
        steps.push({ kind: 'binary', op: node.op, layers, inputs: [valueOf.get(node.inputs[0])!, valueOf.get(node.inputs[1])!], output, activation: epilogue.activation, kernel: `${node.op}/broadcast`, macs: 0 });
        return;
      default:
        throw new Error(`codegen: ${node.op} cannot head a fused step`);
    }
  };

  for (const node of graph.nodes) {
    const heads = pendingHeads.get(node.id);
    if (fusedInto.has(node.id)) {
      for (const head of heads ?? []) emitHead(byId.get(head)!);
      continue;
    }
    if (lastOfChain.has(node.id)) continue; // a head whose step is placed at its chain's last node
    const input = node.inputs.length > 0 ? valueOf.get(node.inputs[0])! : undefined;
    const shape = shapes.get(node.id)!;
    const layers = [layerLabel(node)];
    switch (node.op) {
      case 'input': {
        const value = newValue(shape);
        valueOf.set(node.id, value);
        inputs.push({ name: node.name, value });
        break;
      }
      case 'flatten':
      case 'reshape':
        valueOf.set(node.id, newValue(shape, input));
        break;
      case 'dropout':
        valueOf.set(node.id, input!);
        break;
      case 'conv2d':
      case 'convTranspose2d':
      case 'linear':
      case 'add':
      case 'mul':
        emitHead(node);
        break;
      case 'batchNorm2d': {
        const output = newValue(shape);
        valueOf.set(node.id, output);
        const { eps, numFeatures } = node.attrs;
        const scale = new Float32Array(numFeatures);
        const shift = new Float32Array(numFeatures);
        const p = node.params;
        for (let c = 0; c < numFeatures; c++) {
          scale[c] = weights.get(p.weight.name)![c] / Math.sqrt(weights.get(p.running_var.name)![c] + eps);
          shift[c] = weights.get(p.bias.name)![c] - weights.get(p.running_mean.name)![c] * scale[c];
        }
        steps.push({ kind: 'batchNorm2d', layers, input: input!, output, scale: weightRef(`${node.name}.scale`, scale), shift: weightRef(`${node.name}.shift`, shift), kernel: 'batchNorm2d/affine', macs: 0 });
        break;
      }
      case 'concat': {
        const output = newValue(shape);
        valueOf.set(node.id, output);
        steps.push({ kind: 'concat', layers, inputs: node.inputs.map((id) => valueOf.get(id)!), output, attrs: node.attrs, kernel: 'concat/copy', macs: 0 });
        break;
      }
      default: {
        const output = newValue(shape);
        valueOf.set(node.id, output);
        if (activationOps.has(node.op)) {
          steps.push({ kind: 'activation', layers, input: input!, output, activation: activationFor(node), kernel: `${node.op}/map`, macs: 0 });
        } else if (node.op === 'maxPool2d' || node.op === 'avgPool2d') {
          steps.push({ kind: node.op, layers, input: input!, output, attrs: node.attrs as never, kernel: `${node.op}/direct`, macs: 0 });
        } else if (node.op === 'adaptiveAvgPool2d') {
          steps.push({ kind: 'adaptiveAvgPool2d', layers, input: input!, output, kernel: 'adaptiveAvgPool2d/bins', macs: 0 });
        } else if (node.op === 'upsample') {
          steps.push({ kind: 'upsample', layers, input: input!, output, attrs: node.attrs, kernel: 'upsample/nearest', macs: 0 });
        } else if (node.op === 'softmax') {
          steps.push({ kind: 'softmax', layers, input: input!, output, attrs: node.attrs, kernel: 'softmax/stable', macs: 0 });
        } else {
          throw new Error(`codegen: no lowering for op '${node.op}'`);
        }
      }
    }
  }
  // Outputs must own storage distinct from inputs and from each other: copy when a graph output is an
  // input, a view of one, or shared by two output names.
  const outputs: Program['outputs'] = [];
  const seen = new Set<number>();
  const inputStorage = new Set(inputs.map((i) => i.value.storage));
  for (const output of graph.outputs) {
    let value = valueOf.get(output.node)!;
    if (seen.has(value.storage) || inputStorage.has(value.storage)) {
      const copy = newValue(value.shape);
      steps.push({ kind: 'copy', layers: [output.name], input: value, output: copy, kernel: 'copy', macs: 0 });
      value = copy;
    }
    seen.add(value.storage);
    outputs.push({ name: output.name, value });
  }
  return { program: { name: graph.name, steps, values, inputs, outputs }, params };
}

/** Doubles of Winograd-rows scratch (a chunk's V and M): 512 KB, within a typical L2 cache. */
const rowsScratchBudget = 65536;

/** Tile rows per chunk: the largest divisor of the tile rows whose transformed input (per product) stays near 32 KB. */
function winogradChunkRows(tileRows: number, tileCols: number, inChannels: number): number {
  let best = 1;
  for (let r = 1; r <= tileRows; r++) if (tileRows % r === 0 && r * tileCols * inChannels <= 8192) best = r;
  return best;
}

/** How a layer reads in comments and reports: parameter layers by name, others as `op[name]`. */
export function layerLabel(node: Node): string {
  return Object.keys(node.params).length > 0 ? node.name : `${node.op}[${node.name}]`;
}

function macsFor(node: NodeOf<'conv2d'> | NodeOf<'convTranspose2d'> | NodeOf<'linear'>, shapes: Map<string, number[]>): number {
  return macsOf({ ...node, shape: shapes.get(node.id)! } as Node);
}

export { sizeOf };
