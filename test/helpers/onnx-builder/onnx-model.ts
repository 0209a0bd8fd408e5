/**
 * A minimal ONNX ModelProto writer for tests: enough of onnx.proto3 (graph, nodes, attributes, initializers, typed
 * inputs/outputs with symbolic dims) to build small deterministic models with exactly the input/output signatures
 * of real voices, so engine code runs under the real onnxruntime without shipping model files.
 * Field numbers follow onnx/onnx.proto3.
 */
import { bytesField, concatBytes, floatField, stringField, varintField } from './protobuf-writer.ts';

export type ElementType = 'float32' | 'int32' | 'int64';

const DATA_TYPE: Record<ElementType, number> = { float32: 1, int32: 6, int64: 7 };

export interface ValueInfo {
  readonly name: string;
  readonly type: ElementType;
  /** Numbers are fixed sizes, strings are symbolic (dynamic) dims. */
  readonly shape: readonly (number | string)[];
}

export interface TensorValue {
  readonly type: ElementType;
  readonly dims: readonly number[];
  readonly data: Float32Array | Int32Array | BigInt64Array;
}

export type AttributeValue =
  | { readonly int: number }
  | { readonly float: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly string: string }
  | { readonly tensor: TensorValue };

export interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface ModelSpec {
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly nodes: readonly NodeSpec[];
  readonly initializers?: ReadonlyMap<string, TensorValue>;
  readonly irVersion?: number;
  readonly opset?: number;
  readonly graphName?: string;
}

function tensorProto(value: TensorValue, name?: string): Uint8Array {
  const raw = new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength);
  return concatBytes([
    ...value.dims.map((dim) => varintField(1, dim)),
    varintField(2, DATA_TYPE[value.type]),
    ...(name === undefined ? [] : [stringField(8, name)]),
    // raw_data is little-endian, which is what typed arrays hold on every platform onnxruntime-node ships for.
    bytesField(9, raw),
  ]);
}

function attributeProto(name: string, value: AttributeValue): Uint8Array {
  const parts: Uint8Array[] = [stringField(1, name)];
  if ('int' in value) parts.push(varintField(3, value.int), varintField(20, 2));
  else if ('float' in value) parts.push(floatField(2, value.float), varintField(20, 1));
  else if ('ints' in value) parts.push(...value.ints.map((i) => varintField(8, i)), varintField(20, 7));
  else if ('floats' in value) parts.push(...value.floats.map((f) => floatField(7, f)), varintField(20, 6));
  else if ('string' in value) parts.push(stringField(4, value.string), varintField(20, 3));
  else parts.push(bytesField(5, tensorProto(value.tensor)), varintField(20, 4));
  return concatBytes(parts);
}

function nodeProto(node: NodeSpec, index: number): Uint8Array {
  return concatBytes([
    ...node.inputs.map((input) => stringField(1, input)),
    ...node.outputs.map((output) => stringField(2, output)),
    stringField(3, `${node.op}_${index}`),
    stringField(4, node.op),
    ...Object.entries(node.attributes ?? {}).map(([name, value]) => bytesField(5, attributeProto(name, value))),
  ]);
}

function valueInfoProto(info: ValueInfo): Uint8Array {
  const dims = info.shape.map((dim) =>
    bytesField(1, typeof dim === 'number' ? varintField(1, dim) : stringField(2, dim)),
  );
  const shape = concatBytes(dims);
  const tensorType = concatBytes([varintField(1, DATA_TYPE[info.type]), bytesField(2, shape)]);
  const typeProto = bytesField(1, tensorType);
  return concatBytes([stringField(1, info.name), bytesField(2, typeProto)]);
}

/** Serialises a model; defaults to IR version 8 and opset 15 like Piper's exporter. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const graph = concatBytes([
    ...spec.nodes.map((node, index) => bytesField(1, nodeProto(node, index))),
    stringField(2, spec.graphName ?? 'test_graph'),
    ...[...(spec.initializers ?? new Map<string, TensorValue>())].map(([name, value]) =>
      bytesField(5, tensorProto(value, name)),
    ),
    ...spec.inputs.map((input) => bytesField(11, valueInfoProto(input))),
    ...spec.outputs.map((output) => bytesField(12, valueInfoProto(output))),
  ]);
  const opsetImport = concatBytes([stringField(1, ''), varintField(2, spec.opset ?? 15)]);
  return concatBytes([
    varintField(1, spec.irVersion ?? 8),
    stringField(2, 'onnx-builder-test'),
    bytesField(7, graph),
    bytesField(8, opsetImport),
  ]);
}
