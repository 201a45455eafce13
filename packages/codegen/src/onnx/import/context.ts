/**
 * What an ONNX op's importer sees: its node, its operands (constants, or computed values with their
 * IR node and static shape), the ONNX producers of its inputs (for the multi-node idioms exporters
 * write: x·sigmoid(x), the erf form of GELU, MatMul + Add), and `emit`, which appends an IR node whose
 * shape the DSL's own rule (`inferShape`) computes.
 */
import { inferShape, type Dim, type Node, type OpAttrs, type OpName } from '@stride/dsl';
import type { NodeMessage } from '../schema.js';
import type { Attributes } from './attributes.js';
import type { Constant } from './constant.js';

/** A value of the ONNX graph as the importer knows it. */
export type Value =
  | { kind: 'constant'; constant: Constant }
  | { kind: 'node'; node: Node }
  /** Not computable: `roots` are the unsupported nodes it depends on. */
  | { kind: 'unsupported'; roots: Set<string> };

/** An importer could not map a node: the reason, said of the node. */
export class Unsupported extends Error {}

/** A node read an input that is itself not computable: not this node's fault, its roots are. */
export class Blocked extends Error {
  constructor(readonly roots: Set<string>) {
    super('blocked');
  }
}

export interface ParamData {
  shape: number[];
  data: Float32Array;
  /** The ONNX initializer it came from, for naming. */
  source?: string;
}

export interface ImportState {
  opset: number;
  values: Map<string, Value>;
  producers: Map<string, NodeMessage>;
  consumers: Map<string, NodeMessage[]>;
  nodes: Node[];
  /** The graph's input nodes. */
  inputs: Node[];
  weights: Map<string, Float32Array>;
  layerNames: Set<string>;
  nextId: number;
}

export class ImportContext {
  constructor(
    private readonly state: ImportState,
    readonly node: NodeMessage,
    readonly attrs: Attributes,
    /** The scope path of this node (module path for torch names), for naming. */
    readonly path: string,
  ) {}

  get opset(): number {
    return this.state.opset;
  }

  value(name: string | undefined): Value | undefined {
    return name ? this.state.values.get(name) : undefined;
  }

  /** The IR node computing input `i`; throws Unsupported when it is a constant. */
  input(i: number): Node {
    const v = this.value(this.node.input[i]);
    if (v?.kind === 'node') return v.node;
    if (v?.kind === 'constant') throw new Unsupported(`input ${i + 1} is a constant, which the DSL has no layer for`);
    if (v?.kind === 'unsupported') throw new Blocked(v.roots);
    throw new Unsupported(`input ${i + 1} is missing`);
  }

  /** Input `i` as a constant, or undefined (absent, empty name, or computed). */
  constant(i: number): Constant | undefined {
    const v = this.value(this.node.input[i]);
    return v?.kind === 'constant' ? v.constant : undefined;
  }

  /** Input `i` must be a constant (weights, shapes): the reason otherwise. */
  requireConstant(i: number, what: string): Constant {
    const c = this.constant(i);
    const v = this.value(this.node.input[i]);
    if (v?.kind === 'unsupported') throw new Blocked(v.roots);
    if (!c) throw new Unsupported(`its ${what} (input ${i + 1}) is not a constant`);
    return c;
  }

  /** The ONNX node that computes `value`, if any. */
  producer(value: string): NodeMessage | undefined {
    return this.state.producers.get(value);
  }

  /** How many nodes (and graph outputs) read `value`. */
  uses(value: string): number {
    return this.state.consumers.get(value)?.length ?? 0;
  }

  /** A layer name that is unique among layers with parameters. */
  layerName(params: Array<string | undefined>, fallback: string): string {
    const fromParam = params.map((p) => p?.match(/^(.+)\.(weight|bias|running_mean|running_var)$/)?.[1]).find((p) => p !== undefined);
    const candidates = [fromParam, this.path, fallback].filter((c): c is string => c !== undefined && c.length > 0 && validName(c));
    let name = candidates[0] ?? fallback;
    for (let k = 2; this.state.layerNames.has(name); k++) name = `${candidates[0] ?? fallback}_${k}`;
    this.state.layerNames.add(name);
    return name;
  }

  /** The IR node with id `id` (emitted earlier). */
  irNode(id: string): Node {
    return this.state.nodes.find((n) => n.id === id) ?? this.state.inputs.find((n) => n.id === id)!;
  }

  /** A weight recorded by an earlier node. */
  weight(name: string): Float32Array {
    return this.state.weights.get(name)!;
  }

  /** Appends an IR node; its shape is the DSL's rule applied to its inputs' shapes. */
  emit<Op extends OpName>(op: Op, inputs: Node[], attrs: OpAttrs[Op], name: string, params: Record<string, ParamData> = {}): Value {
    const irParams: Record<string, { name: string; shape: number[] }> = {};
    for (const [role, param] of Object.entries(params)) {
      irParams[role] = { name: `${name}.${role}`, shape: param.shape };
      this.state.weights.set(`${name}.${role}`, param.data);
    }
    const node = { id: `n${this.state.nextId++}`, op, name, inputs: inputs.map((n) => n.id), attrs, shape: [] as Dim[], params: irParams } as unknown as Node;
    try {
      node.shape = inferShape(node, inputs.map((n) => n.shape));
    } catch (error) {
      throw new Unsupported(`does not fit its input${inputs.length > 1 ? 's' : ''} ${inputs.map((n) => `[${n.shape.join(', ')}]`).join(', ')}: ${(error as Error).message}`);
    }
    this.state.nodes.push(node);
    return { kind: 'node', node };
  }

  /** A name for a node without parameters: its scope path and op (only scopes matter for those). */
  plainName(op: string): string {
    return this.path === '' ? op : `${this.path}.${op}`;
  }
}

/** A name the DSL accepts as a layer name, and one a person would keep. */
function validName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.]*$/.test(name) && !name.includes('..') && !name.endsWith('.');
}

/** An ONNX op's importer: its output's value, or one per output (Split). */
export type OpImporter = (ctx: ImportContext) => Value | Value[];
