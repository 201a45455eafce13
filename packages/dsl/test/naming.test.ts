import { describe, expect, it } from 'vitest';
import { add, concat, input, model, validateGraph, type Graph } from '../src/index.js';

const paramNames = (graph: Graph) => graph.nodes.flatMap((n) => Object.values(n.params as Record<string, { name: string }>).map((p) => p.name));

describe('PyTorch state_dict naming', () => {
  it('names unnamed layers by their nn.Sequential index, activations and flatten included', () => {
    const image = input([1, 1, 32, 32]);
    const logits = image.conv2d({ outChannels: 6, kernelSize: 5 }).relu().maxPool2d({ kernelSize: 2 })
      .conv2d({ outChannels: 16, kernelSize: 5 }).relu().maxPool2d({ kernelSize: 2 }).flatten()
      .linear({ outFeatures: 120 }).relu().linear({ outFeatures: 84 }).relu().linear({ outFeatures: 10 });
    const ir = model({ inputs: { image }, outputs: { logits } }).toIR();
    expect(paramNames(ir)).toEqual(['0.weight', '0.bias', '3.weight', '3.bias', '7.weight', '7.bias', '9.weight', '9.bias', '11.weight', '11.bias']);
  });
  it('prefixes names inside apply with the scope, and uses the index when there is none', () => {
    const x = input([1, 3, 8, 8]);
    const stem = x.apply((t) => t.conv2d({ outChannels: 4, kernelSize: 3, bias: false }).batchNorm2d().relu(), 'stem');
    const y = stem.relu().apply((t) => t.conv2d({ outChannels: 4, kernelSize: 1, name: 'proj' }));
    const ir = model({ inputs: { x }, outputs: { y } }).toIR();
    expect(paramNames(ir)).toEqual(['stem.0.weight', 'stem.1.weight', 'stem.1.bias', 'stem.1.running_mean', 'stem.1.running_var', '2.proj.weight', '2.proj.bias']);
  });
  it('does not give add, mul and concat an index', () => {
    const x = input([1, 2, 4, 4]);
    const y = concat([add(x, x), x]).conv2d({ outChannels: 1, kernelSize: 1 });
    expect(paramNames(model({ inputs: { x }, outputs: { y } }).toIR())).toEqual(['0.weight', '0.bias']);
  });
  it('gives pad and pixelShuffle an index (nn modules), not slice, split, chunk or permute (tensor methods)', () => {
    const x = input([1, 8, 6, 6]);
    const [a, b] = x.slice({ dim: 2, start: 1 }).permute([0, 1, 3, 2]).chunk(2);
    const y = concat([a.pad([0, 0, 1, 0]).pixelShuffle(2), concat(b.split([2, 2])).pad([0, 0, 1, 0]).pixelShuffle(2)]).conv2d({ outChannels: 1, kernelSize: 1 });
    // nn.Sequential(ZeroPad2d, PixelShuffle, ZeroPad2d, PixelShuffle, Conv2d): the conv is index 4.
    expect(paramNames(model({ inputs: { x }, outputs: { y } }).toIR())).toEqual(['4.weight', '4.bias']);
  });
  it('refuses two layers with the same parameter names', () => {
    const x = input([1, 2, 4, 4]);
    const y = x.conv2d({ outChannels: 2, kernelSize: 1, name: 'c' }).conv2d({ outChannels: 2, kernelSize: 1, name: 'c' });
    expect(() => model({ inputs: { x }, outputs: { y } })).toThrow("parameter 'c.weight' is defined by two layers");
  });
});

describe('IR', () => {
  it('is plain JSON with normalized attributes, shapes and params', () => {
    const image = input(['batch', 3, 9, 8], { name: 'image' });
    const y = image.conv2d({ outChannels: 4, kernelSize: 4, padding: 'same', paddingMode: 'reflect', name: 'conv' });
    const ir = model({ name: 'tiny', inputs: { image }, outputs: { y } }).toIR();
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
    expect(ir).toMatchObject({ format: 'stride-ir', version: 1, name: 'tiny', outputs: [{ name: 'y', node: 'n1' }] });
    expect(ir.nodes[1]).toEqual({
      id: 'n1', op: 'conv2d', name: 'conv', inputs: ['n0'], shape: ['batch', 4, 9, 8],
      attrs: { inChannels: 3, outChannels: 4, kernelSize: [4, 4], stride: [1, 1], padding: { top: 1, bottom: 2, left: 1, right: 2 }, dilation: [1, 1], groups: 1, bias: true, paddingMode: 'reflect' },
      params: { weight: { name: 'conv.weight', shape: [4, 3, 4, 4] }, bias: { name: 'conv.bias', shape: [4] } },
    });
    expect(validateGraph(ir)).toBe(ir);
  });
  it('rejects a graph a pass broke, naming the node', () => {
    const x = input([1, 3, 8, 8]);
    const ir = model({ inputs: { x }, outputs: { y: x.conv2d({ outChannels: 4, kernelSize: 3, name: 'c' }) } }).toIR();
    (ir.nodes[1].shape as number[])[2] = 7;
    expect(() => validateGraph(ir)).toThrow("node n1 (conv2d 'c'): recorded shape [1, 4, 7, 6] but the rule gives [1, 4, 6, 6]");
    ir.nodes[1].inputs = ['n9'];
    expect(() => validateGraph(ir)).toThrow("input 'n9' is not an earlier node");
  });
  it('rejects reflect and circular padding that PyTorch would refuse, naming the node', () => {
    const x = input([1, 3, 4, 6]);
    const ir = model({ inputs: { x }, outputs: { y: x.conv2d({ outChannels: 2, kernelSize: 3, padding: 4, paddingMode: 'circular', name: 'c' }) } }).toIR();
    const conv = ir.nodes[1] as Extract<Graph['nodes'][number], { op: 'conv2d' }>;
    conv.attrs.padding = { top: 4, bottom: 5, left: 4, right: 4 };
    conv.shape = [1, 2, 11, 12];
    expect(() => validateGraph(ir)).toThrow("node n1 (conv2d 'c'): conv2d: circular padding 5 must be at most the input height 4 (it would wrap around more than once)");
    conv.attrs = { ...conv.attrs, paddingMode: 'reflect', padding: { top: 3, bottom: 3, left: 6, right: 0 } };
    conv.shape = [1, 2, 8, 8];
    expect(() => validateGraph(ir)).toThrow("node n1 (conv2d 'c'): conv2d: reflect padding 6 must be smaller than the input width 6");
    conv.attrs.padding.left = 5;
    conv.shape = [1, 2, 8, 9];
    expect(validateGraph(ir)).toBe(ir);
  });
  it('rejects pad, slice, permute and pixelShuffle nodes that do not fit, naming the node', () => {
    const x = input([1, 4, 5, 6]);
    const ir = () => model({ inputs: { x }, outputs: { p: x.pad([1, 1, 2, 2], { mode: 'reflect' }), s: x.slice({ dim: 2, start: 1, end: -1 }), t: x.permute([0, 2, 3, 1]), u: x.pixelShuffle(2) } }).toIR();
    const node = <Op extends Graph['nodes'][number]['op']>(graph: Graph, op: Op) => graph.nodes.find((n) => n.op === op) as Extract<Graph['nodes'][number], { op: Op }>;
    expect(validateGraph(ir())).toBeTruthy();
    const padded = ir();
    node(padded, 'pad').attrs.padding.left = 6;
    node(padded, 'pad').shape = [1, 4, 9, 12];
    expect(() => validateGraph(padded)).toThrow(/node n\d+ \(pad '\d+'\): reflect padding \(6, 1\) does not fit the size 6 of dim 3/);
    const sliced = ir();
    node(sliced, 'slice').attrs.end = 9;
    expect(() => validateGraph(sliced)).toThrow(/node n\d+ \(slice 'slice_\d+'\): 1:9:1 is not a non-empty slice of dim 2 of \[1, 4, 5, 6\]/);
    const permuted = ir();
    node(permuted, 'permute').attrs.dims = [0, 2, 2, 1];
    expect(() => validateGraph(permuted)).toThrow(/are not a permutation of the dimensions of \[1, 4, 5, 6\]/);
    const shuffled = ir();
    node(shuffled, 'pixelShuffle').attrs.upscaleFactor = 3;
    expect(() => validateGraph(shuffled)).toThrow('pixelShuffle: channels 4 are not divisible by upscaleFactor² 9');
    const moded = ir() as unknown as { nodes: { op: string; attrs: Record<string, unknown> }[] };
    moded.nodes.find((n) => n.op === 'pad')!.attrs.mode = 'wrap';
    expect(() => validateGraph(moded as unknown as Graph)).toThrow("attribute mode must be 'constant', 'reflect', 'replicate' or 'circular', got \"wrap\"");
  });
  it('keeps every declared input, even one no output depends on, as PyTorch’s forward() and ONNX do', () => {
    const image = input([1, 3, 8, 8], { name: 'image' });
    const mask = input([1, 1, 8, 8], { name: 'mask' });
    const unread = mask.conv2d({ outChannels: 2, kernelSize: 3, name: 'maskConv' }); // reaches no output: dropped
    const y = image.conv2d({ outChannels: 4, kernelSize: 3, name: 'c' });
    const net = model({ name: 'masked', inputs: { image, mask }, outputs: { y } });
    const ir = net.toIR();
    expect(unread.shape).toEqual([1, 2, 6, 6]);
    expect(ir.nodes.map((n) => [n.id, n.op, n.name])).toEqual([['n0', 'input', 'image'], ['n1', 'input', 'mask'], ['n2', 'conv2d', 'c']]);
    expect(ir.nodes[1]).toEqual({ id: 'n1', op: 'input', name: 'mask', inputs: [], attrs: {}, shape: [1, 1, 8, 8], params: {} });
    expect(ir.nodes[2].inputs).toEqual(['n0']);
    expect(validateGraph(ir)).toBe(ir);
    expect(net.summary()).toMatch(/^mask\s+input\s+\[1, 1, 8, 8\]/m);
  });
  it('summarizes layers, parameters and MACs', () => {
    const x = input([1, 1, 8, 8]);
    const y = x.conv2d({ outChannels: 2, kernelSize: 3, name: 'conv' }).relu().flatten().linear({ outFeatures: 3, name: 'fc' });
    const table = model({ name: 'small', inputs: { x }, outputs: { y } }).summary();
    expect(table).toMatch(/conv\s+conv2d\s+\[1, 2, 6, 6\]\s+20\s+648/);
    expect(table).toMatch(/fc\s+linear\s+\[1, 3\]\s+219\s+216/);
    expect(table).toContain('Total params: 239');
    expect(table).toContain('Total MACs: 864');
  });
});
