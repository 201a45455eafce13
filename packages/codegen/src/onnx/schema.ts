/**
 * The subset of ONNX's `onnx.proto3` that the exporter writes and the importer reads, as a protobufjs
 * reflection definition. Field numbers and enum values are copied from the ONNX specification
 * (onnx/onnx.proto3, IR version 8); fields neither side uses are left out, which protobuf allows: the
 * decoder skips them (subgraphs, sparse tensors, training info) and a reader sees them as unset.
 */
import protobuf from 'protobufjs';

/** `TensorProto.DataType` values the exporter writes or the importer reads. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10, DOUBLE: 11 } as const;

/** `AttributeProto.AttributeType` values used by the exporter. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** ONNX IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
export const onnxIrVersion = 8;
export const onnxOpset = 17;

const schema = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { id: 1, type: 'int64' },
            producerName: { id: 2, type: 'string' },
            producerVersion: { id: 3, type: 'string' },
            domain: { id: 4, type: 'string' },
            modelVersion: { id: 5, type: 'int64' },
            docString: { id: 6, type: 'string' },
            graph: { id: 7, type: 'GraphProto' },
            opsetImport: { id: 8, type: 'OperatorSetIdProto', rule: 'repeated' },
            metadataProps: { id: 14, type: 'StringStringEntryProto', rule: 'repeated' },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { id: 1, type: 'string' }, version: { id: 2, type: 'int64' } },
        },
        StringStringEntryProto: {
          fields: { key: { id: 1, type: 'string' }, value: { id: 2, type: 'string' } },
        },
        GraphProto: {
          fields: {
            node: { id: 1, type: 'NodeProto', rule: 'repeated' },
            name: { id: 2, type: 'string' },
            initializer: { id: 5, type: 'TensorProto', rule: 'repeated' },
            docString: { id: 10, type: 'string' },
            input: { id: 11, type: 'ValueInfoProto', rule: 'repeated' },
            output: { id: 12, type: 'ValueInfoProto', rule: 'repeated' },
            valueInfo: { id: 13, type: 'ValueInfoProto', rule: 'repeated' },
          },
        },
        NodeProto: {
          fields: {
            input: { id: 1, type: 'string', rule: 'repeated' },
            output: { id: 2, type: 'string', rule: 'repeated' },
            name: { id: 3, type: 'string' },
            opType: { id: 4, type: 'string' },
            attribute: { id: 5, type: 'AttributeProto', rule: 'repeated' },
            docString: { id: 6, type: 'string' },
            domain: { id: 7, type: 'string' },
          },
        },
        AttributeProto: {
          fields: {
            name: { id: 1, type: 'string' },
            f: { id: 2, type: 'float' },
            i: { id: 3, type: 'int64' },
            s: { id: 4, type: 'bytes' },
            t: { id: 5, type: 'TensorProto' },
            floats: { id: 7, type: 'float', rule: 'repeated' },
            ints: { id: 8, type: 'int64', rule: 'repeated' },
            strings: { id: 9, type: 'bytes', rule: 'repeated' },
            tensors: { id: 10, type: 'TensorProto', rule: 'repeated' },
            docString: { id: 13, type: 'string' },
            type: { id: 20, type: 'int32' },
          },
        },
        TensorProto: {
          fields: {
            dims: { id: 1, type: 'int64', rule: 'repeated' },
            dataType: { id: 2, type: 'int32' },
            floatData: { id: 4, type: 'float', rule: 'repeated' },
            int32Data: { id: 5, type: 'int32', rule: 'repeated' },
            int64Data: { id: 7, type: 'int64', rule: 'repeated' },
            name: { id: 8, type: 'string' },
            rawData: { id: 9, type: 'bytes' },
            doubleData: { id: 10, type: 'double', rule: 'repeated' },
            docString: { id: 12, type: 'string' },
            // Read only: where torch and onnx.save put large tensors (`location`, `offset`, `length`).
            externalData: { id: 13, type: 'StringStringEntryProto', rule: 'repeated' },
            dataLocation: { id: 14, type: 'int32' },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { id: 1, type: 'string' },
            type: { id: 2, type: 'TypeProto' },
            docString: { id: 3, type: 'string' },
          },
        },
        TypeProto: {
          fields: { tensorType: { id: 1, type: 'TypeProtoTensor' } },
        },
        // `TypeProto.Tensor` in the spec; flattened to a top-level name here (names are not on the wire).
        TypeProtoTensor: {
          fields: { elemType: { id: 1, type: 'int32' }, shape: { id: 2, type: 'TensorShapeProto' } },
        },
        TensorShapeProto: {
          fields: { dim: { id: 1, type: 'TensorShapeDimension', rule: 'repeated' } },
        },
        // `TensorShapeProto.Dimension`; `dimValue` and `dimParam` form the spec's `value` oneof.
        TensorShapeDimension: {
          oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
          fields: { dimValue: { id: 1, type: 'int64' }, dimParam: { id: 2, type: 'string' } },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(schema);

/** The message types, looked up once. */
export const ModelProto = root.lookupType('onnx.ModelProto');

// Plain-object shapes of the messages the exporter builds (protobufjs field names, camelCase).
export interface TensorMessage {
  name: string; dims: number[]; dataType: number; rawData?: Uint8Array;
  // Read only, as other writers use them.
  floatData?: number[]; int32Data?: number[]; int64Data?: number[]; doubleData?: number[];
  externalData?: Array<{ key: string; value: string }>; dataLocation?: number;
}
export interface AttributeMessage {
  name: string; type: number; f?: number; i?: number; s?: Uint8Array; t?: TensorMessage; floats?: number[]; ints?: number[];
  strings?: Uint8Array[]; tensors?: TensorMessage[];
}
export interface NodeMessage { name: string; opType: string; input: string[]; output: string[]; attribute: AttributeMessage[]; domain?: string }
export interface ValueInfoMessage {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: Array<{ dimValue: number } | { dimParam: string }> } } };
}
export interface GraphMessage {
  name: string;
  node: NodeMessage[];
  initializer: TensorMessage[];
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
  valueInfo?: ValueInfoMessage[];
}
export interface ModelMessage {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsetImport: Array<{ domain: string; version: number }>;
  graph: GraphMessage;
}

/** Serializes a model to the protobuf wire format. */
export function encodeModel(model: ModelMessage): Uint8Array {
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/**
 * Reads model bytes into plain objects (int64 as numbers, bytes as Uint8Array): what the importer and
 * the tests read. Unset repeated fields are empty arrays; unset scalars are absent.
 */
export function decodeModel(bytes: Uint8Array): ModelMessage {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false, arrays: true }) as ModelMessage;
}
