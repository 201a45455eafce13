import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementCount, opNames, type Graph } from '../src/ir.js';
import lenet from '../../../examples/lenet-mnist/src/lenet5.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'ir.md'), 'utf8');

describe('ir', () => {
  it('lists each op once', () => {
    expect(new Set(opNames).size).toBe(opNames.length);
  });
  it('counts elements', () => {
    expect(elementCount([1, 16, 5, 5])).toBe(400);
  });
});

describe('docs/ir.md', () => {
  it('documents every op in its table', () => {
    const table = doc.slice(doc.indexOf('## Ops'), doc.indexOf('## Names'));
    const documented = new Set([...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1].matchAll(/`(\w+)`/g)].map((m) => m[1])));
    expect(opNames.filter((op) => !documented.has(op))).toEqual([]);
    expect([...documented].filter((op) => !(opNames as readonly string[]).includes(op))).toEqual([]);
  });
  it('shows the beginning of LeNet-5’s IR as toIR() writes it', () => {
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(doc)![1]) as Graph;
    const ir = lenet.toIR();
    expect({ ...example, nodes: undefined }).toEqual({ ...ir, nodes: undefined });
    expect(example.nodes).toEqual(ir.nodes.slice(0, example.nodes.length));
    expect(example.nodes.length).toBeGreaterThanOrEqual(3);
  });
});

describe('summary', () => {
  it('prints LeNet-5 like torchinfo: every layer with name, op, shape, parameters and MACs, then the totals', () => {
    const lines = lenet.summary().split('\n');
    expect(lines.filter((line) => /^\S+\s+(input|conv2d|relu|maxPool2d|flatten|linear)\s+\[/.test(line))).toHaveLength(lenet.toIR().nodes.length);
    expect(lines).toContainEqual(expect.stringMatching(/^conv2\s+conv2d\s+\[1, 16, 10, 10\]\s+2,416\s+240,000$/));
    expect(lines).toContainEqual(expect.stringMatching(/^fc1\s+linear\s+\[1, 120\]\s+48,120\s+48,000$/));
    // torchinfo's totals for the same network: 61,706 parameters, 0.42 M mult-adds.
    expect(lines).toContain('Total params: 61,706 (0.24 MB as float32)');
    expect(lines).toContain('Total MACs: 416,520');
  });
});
