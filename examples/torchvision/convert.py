#!/usr/bin/env python3
"""Convert a PyTorch state_dict (.pth / .pt) to safetensors, keeping PyTorch's names.

    /usr/bin/python3 examples/torchvision/convert.py resnet18-f37072fd.pth resnet18.safetensors

Floating tensors are written as F32 (or --dtype F16 / BF16 to halve the file); integer buffers such
as BatchNorm's `num_batches_tracked` are training bookkeeping and are left out unless --keep-int,
so the file binds to a Stride model with no unexpected tensors. Accepts a bare state_dict or a
checkpoint dict holding one under 'state_dict' or 'model'. No `safetensors` package is needed: the
format (u64 little-endian header length, JSON header, raw little-endian data) is written here.
"""
import argparse
import json
import struct

import torch

DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16}
INT_DTYPES = {torch.int64: 'I64', torch.int32: 'I32', torch.uint8: 'U8'}


def tensor_bytes(tensor):
    tensor = tensor.detach().cpu().contiguous()
    if tensor.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        return tensor.view(torch.int16).numpy().tobytes()
    return tensor.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    header, chunks, offset = {}, [], 0
    if metadata:
        header['__metadata__'] = metadata
    for name, (dtype, tensor) in tensors.items():
        data = tensor_bytes(tensor)
        header[name] = {'dtype': dtype, 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def convert(state_dict, dtype='F32', keep_int=False):
    out = {}
    for name, tensor in state_dict.items():
        if tensor.is_floating_point():
            out[name] = (dtype, tensor.to(DTYPES[dtype]))
        elif keep_int and tensor.dtype in INT_DTYPES:
            out[name] = (INT_DTYPES[tensor.dtype], tensor)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('source')
    parser.add_argument('target')
    parser.add_argument('--dtype', choices=sorted(DTYPES), default='F32')
    parser.add_argument('--keep-int', action='store_true', help='keep integer buffers (num_batches_tracked)')
    args = parser.parse_args()
    loaded = torch.load(args.source, map_location='cpu')
    for key in ('state_dict', 'model'):
        if isinstance(loaded, dict) and isinstance(loaded.get(key), dict):
            loaded = loaded[key]
    if hasattr(loaded, 'state_dict'):
        loaded = loaded.state_dict()
    tensors = convert(loaded, args.dtype, args.keep_int)
    write_safetensors(args.target, tensors, {'format': 'pt', 'converted_from': args.source.rsplit('/', 1)[-1]})
    print(f'wrote {len(tensors)} tensors to {args.target}')


if __name__ == '__main__':
    main()
