/**
 * Fluent helper over encodeModel: each op call appends a node and returns its (auto-named) output, so test graphs
 * read like the arithmetic they compute.
 */
import { encodeModel } from './onnx-model.ts';
import type { AttributeValue, NodeSpec, TensorValue, ValueInfo } from './onnx-model.ts';

export class GraphBuilder {
  readonly #nodes: NodeSpec[] = [];
  readonly #initializers = new Map<string, TensorValue>();
  #counter = 0;

  #fresh(prefix: string): string {
    this.#counter += 1;
    return `${prefix}_${this.#counter}`;
  }

  /** Appends a node with one output and returns that output's name. */
  op(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, AttributeValue>>): string {
    const output = this.#fresh(opType.toLowerCase());
    this.#nodes.push({ op: opType, inputs, outputs: [output], attributes });
    return output;
  }

  /** Appends a node writing to the given names (graph outputs must have their declared names). */
  opInto(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
  ): void {
    this.#nodes.push({ op: opType, inputs, outputs, attributes });
  }

  floats(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const name = this.#fresh('const_f');
    this.#initializers.set(name, { type: 'float32', dims, data: Float32Array.from(values) });
    return name;
  }

  /** A float32 scalar (rank 0), handy for broadcasting arithmetic. */
  scalar(value: number): string {
    return this.floats([value], []);
  }

  int64s(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const name = this.#fresh('const_i');
    this.#initializers.set(name, { type: 'int64', dims, data: BigInt64Array.from(values.map((v) => BigInt(v))) });
    return name;
  }

  int64Scalar(value: number): string {
    return this.int64s([value], []);
  }

  toFloat(input: string): string {
    return this.op('Cast', [input], { to: { int: 1 } });
  }

  toInt64(input: string): string {
    return this.op('Cast', [input], { to: { int: 7 } });
  }

  /** Element `index` of a 1-D tensor, as a scalar. */
  element(input: string, index: number, axis = 0): string {
    return this.op('Gather', [input, this.int64Scalar(index)], { axis: { int: axis } });
  }

  /** Copies a value to a declared graph output name. */
  output(name: string, value: string): void {
    this.opInto('Identity', [value], [name]);
  }

  build(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[]): Uint8Array {
    return encodeModel({ inputs, outputs, nodes: this.#nodes, initializers: this.#initializers });
  }
}
