/**
 * What an op converter sees: its IR node, the ONNX value names of its inputs, and a small builder that
 * appends ONNX nodes and constant initializers to the model being written. Converters only append;
 * the exporter owns naming, so every value and node name in the model is unique.
 */
import type { Dim, NodeOf, OpName, Param } from '@stride/dsl';
import { StrideError } from '@stride/runtime';
import { AttributeType, DataType, type AttributeMessage, type NodeMessage, type TensorMessage } from './schema.js';

/** An ONNX attribute value, tagged with its wire type (ONNX distinguishes 1 from 1.0). */
export type Attr =
  | { type: 'int'; value: number }
  | { type: 'ints'; value: number[] }
  | { type: 'float'; value: number }
  | { type: 'floats'; value: number[] }
  | { type: 'string'; value: string };

export const int = (value: number): Attr => ({ type: 'int', value });
export const ints = (value: number[]): Attr => ({ type: 'ints', value });
export const float = (value: number): Attr => ({ type: 'float', value });
export const str = (value: string): Attr => ({ type: 'string', value });

function attributeMessage(name: string, attr: Attr): AttributeMessage {
  switch (attr.type) {
    case 'int': return { name, type: AttributeType.INT, i: attr.value };
    case 'ints': return { name, type: AttributeType.INTS, ints: attr.value };
    case 'float': return { name, type: AttributeType.FLOAT, f: attr.value };
    case 'floats': return { name, type: AttributeType.FLOATS, floats: attr.value };
    case 'string': return { name, type: AttributeType.STRING, s: new TextEncoder().encode(attr.value) };
  }
}

/**
 * The model under construction, shared by all converters of one export. Value names (graph inputs,
 * outputs, initializers, intermediates) and node names are separate namespaces in ONNX; each is kept
 * unique on its own, so a layer's node and the value it computes can both carry the layer's name.
 */
export class ModelBuilder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  private readonly values = new Set<string>();
  private readonly nodeNames = new Set<string>();
  private readonly params = new Set<string>();

  constructor(private readonly weights: ReadonlyMap<string, Float32Array>) {}

  /** Reserves the value name `wanted`, or `wanted_2`, `wanted_3`, … if taken. */
  unique(wanted: string): string {
    return claim(this.values, wanted);
  }

  /** Reserves a value name that must stay exactly as given (inputs, outputs, parameters). */
  reserve(name: string): void {
    this.values.add(name);
  }

  addNode(opType: string, name: string, inputs: string[], outputs: string[], attrs: Record<string, Attr>): void {
    const attribute = Object.entries(attrs).map(([key, attr]) => attributeMessage(key, attr));
    this.nodes.push({ name: claim(this.nodeNames, name), opType, input: inputs, output: outputs, attribute });
  }

  /** A parameter's initializer, named exactly as its state_dict key; added once however often it is used. */
  param(param: Param): string {
    if (!this.params.has(param.name)) {
      this.params.add(param.name);
      this.initializers.push(floatTensor(param.name, param.shape, this.weights.get(param.name)!));
    }
    return param.name;
  }

  constant(name: string, tensor: (name: string) => TensorMessage): string {
    const unique = this.unique(name);
    this.initializers.push(tensor(unique));
    return unique;
  }
}

function claim(taken: Set<string>, wanted: string): string {
  let name = wanted;
  for (let k = 2; taken.has(name); k++) name = `${wanted}_${k}`;
  taken.add(name);
  return name;
}

function floatTensor(name: string, dims: number[], data: Float32Array): TensorMessage {
  // raw_data is little-endian by the spec, as are Float32Arrays on every platform Node runs on.
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function int64Tensor(name: string, dims: number[], values: number[]): TensorMessage {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return { name, dims, dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

/** The per-node view handed to a converter. */
export class ConvertContext<Op extends OpName = OpName> {
  constructor(
    private readonly model: ModelBuilder,
    readonly node: NodeOf<Op>,
    /** ONNX value names of the node's inputs, in order. */
    readonly inputs: string[],
    /** IR shapes of the node's inputs, in order (symbolic dims stay strings). */
    readonly inShapes: Dim[][],
    /** The value name the node's result should carry. */
    readonly output: string,
  ) {}

  /** Appends one ONNX node whose result is a fresh intermediate value; returns that value's name. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    const out = this.model.unique(`${this.output}/${opType}`);
    this.model.addNode(opType, `${this.node.name}/${opType}`, inputs, [out], attrs);
    return out;
  }

  /** Appends the node's final ONNX node, whose result is the node's value; returns `output`. */
  result(opType: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    this.model.addNode(opType, this.node.name, inputs, [this.output], attrs);
    return this.output;
  }

  /** The initializer of the node's parameter `role` (`weight`, `bias`, `running_mean`, …). */
  param(role: string): string {
    const param = (this.node.params as Record<string, Param | undefined>)[role];
    if (!param) this.unsupported(`has no parameter '${role}'`);
    return this.model.param(param);
  }

  hasParam(role: string): boolean {
    return (this.node.params as Record<string, Param | undefined>)[role] !== undefined;
  }

  /** A float32 constant initializer (a scalar when `dims` is empty). */
  floats(label: string, values: number[], dims: number[] = values.length === 1 ? [] : [values.length]): string {
    return this.model.constant(`${this.output}/${label}`, (name) => floatTensor(name, dims, Float32Array.from(values)));
  }

  /** A 1-D int64 constant initializer (pads, shapes, axes, slice bounds). */
  int64s(label: string, values: number[]): string {
    return this.model.constant(`${this.output}/${label}`, (name) => int64Tensor(name, [values.length], values));
  }

  /** `conv2d 'conv1' (n3)`: how messages name the layer. */
  describe(): string {
    return `${this.node.op} '${this.node.name}' (${this.node.id})`;
  }

  /** Stops the export: the IR node cannot be written as ONNX opset 17 (or is malformed). */
  unsupported(reason: string): never {
    throw new StrideError('graph', `onnx export: ${this.describe()}: ${reason}`);
  }
}

/** Converts one IR node; returns the name of the value holding its result. */
export type Converter<Op extends OpName> = (ctx: ConvertContext<Op>) => string;
