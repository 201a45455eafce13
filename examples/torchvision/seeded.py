"""Seeded weights, bit-identical to `seededTensor` in packages/runtime/src/seeded.ts.

Element k of a tensor named N under seed s:
    state_k = (fnv1a32(N) ^ s) + (k + 1) * 0x6D2B79F5   (mod 2**32)
    u_k     = mulberry32's output mix of state_k
    unit_k  = (u_k >> 8) / 2**24                          (exact in float32)
then a per-role value computed in float64 and rounded once to float32 (see the TypeScript twin).
Vectorised with numpy: mulberry32's state after k steps is direct, so no Python loop per element.
"""
import math

import numpy as np

GOLDEN = 0x6D2B79F5
MASK = 0xFFFFFFFF


def fnv1a32(text):
    h = 0x811C9DC5
    for byte in text.encode('utf-8'):
        h ^= byte
        h = (h * 0x01000193) & MASK
    return h


def _imul(a, b):
    return (a * b) & MASK  # uint64 arrays: the product of two uint32 fits


def seeded_unit(name, count, seed):
    base = np.uint64((fnv1a32(name) ^ seed) & MASK)
    k = np.arange(1, count + 1, dtype=np.uint64)
    t = (base + k * np.uint64(GOLDEN)) & np.uint64(MASK)
    t = _imul(t ^ (t >> np.uint64(15)), t | np.uint64(1))
    t = ((t + _imul(t ^ (t >> np.uint64(7)), t | np.uint64(61))) & np.uint64(MASK)) ^ t
    u = (t ^ (t >> np.uint64(14))) & np.uint64(MASK)
    return (u >> np.uint64(8)).astype(np.float64) / 16777216.0


def seeded_tensor(name, shape, seed):
    count = int(np.prod(shape)) if len(shape) else 1
    unit = seeded_unit(name, count, seed)
    signed = unit * 2 - 1
    role = name.rsplit('.', 1)[-1]
    fan_in = count // shape[0] if len(shape) > 1 else 1
    scale = np.float64(np.float32(1 / math.sqrt(fan_in)))
    if role == 'running_var':
        values = 0.5 + unit
    elif role == 'running_mean':
        values = 0.1 * signed
    elif role == 'weight':
        values = 0.75 + 0.5 * unit if len(shape) == 1 else signed * scale
    elif role == 'bias':
        values = 0.1 * signed
    else:
        values = signed
    return values.astype(np.float32).reshape(shape)


def seed_module(module, seed):
    """Overwrite every float parameter and buffer of `module` in place with seeded values."""
    import torch
    with torch.no_grad():
        for name, tensor in module.state_dict().items():
            if tensor.is_floating_point():
                tensor.copy_(torch.from_numpy(seeded_tensor(name, list(tensor.shape), seed)))
