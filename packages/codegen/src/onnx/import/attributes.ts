/** A node's ONNX attributes by name, typed on read; the converters say which they understand. */
import { AttributeType, type AttributeMessage, type TensorMessage } from '../schema.js';

export class Attributes {
  private readonly byName: Map<string, AttributeMessage>;
  constructor(list: readonly AttributeMessage[]) {
    this.byName = new Map(list.map((a) => [a.name, a]));
  }
  has(name: string): boolean {
    return this.byName.has(name);
  }
  names(): string[] {
    return [...this.byName.keys()];
  }
  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    // Decoded without defaults: a present INT attribute with no `i` is 0.
    return a ? Number(a.i ?? 0) : fallback;
  }
  ints(name: string, fallback: number[]): number[] {
    const a = this.byName.get(name);
    return a && a.type === AttributeType.INTS ? (a.ints ?? []).map(Number) : fallback;
  }
  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? (a.f ?? 0) : fallback;
  }
  floats(name: string, fallback: number[]): number[] {
    const a = this.byName.get(name);
    return a && a.type === AttributeType.FLOATS ? (a.floats ?? []) : fallback;
  }
  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    return a ? new TextDecoder().decode(a.s ?? new Uint8Array()) : fallback;
  }
  tensor(name: string): TensorMessage | undefined {
    return this.byName.get(name)?.t;
  }
}
