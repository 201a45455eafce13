#!/usr/bin/env python3
"""Record torchvision's outputs for ResNet-18 and MobileNetV2 under seeded weights and inputs.

    apt-get install python3-torch python3-torchvision
    /usr/bin/python3 examples/torchvision/reference.py

The weights and the input come from seeded.py, which `seededTensor` in @stride/runtime reproduces bit
for bit, so only the outputs are committed (a few KB), not 60 MB of random weights. The models are
torchvision's own classes, so their state_dict keys are the names Stride's examples must use. The
reference file's metadata lists them: `params`, the float tensors and their shapes, and `buffers`, the
state_dict's other entries (BatchNorm's int64 `num_batches_tracked`, which a converted file may carry
and binding must accept). With --weights-dir DIR the script also writes each seeded state_dict as
`<model>-seeded.safetensors` (through convert.py, as a user's file would be).
"""
import json
import os
import sys

import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from seeded import seed_module, seeded_tensor  # noqa: E402
from convert import INT_DTYPES, convert, write_safetensors  # noqa: E402

SEED = 0
MODELS = {
    'resnet18': (torchvision.models.resnet18, os.path.join(HERE, '..', 'resnet18', 'reference.safetensors')),
    'mobilenet-v2': (torchvision.models.mobilenet_v2, os.path.join(HERE, '..', 'mobilenet-v2', 'reference.safetensors')),
}


def main():
    weights_dir = sys.argv[sys.argv.index('--weights-dir') + 1] if '--weights-dir' in sys.argv else None
    torch.set_num_threads(1)
    for name, (factory, target) in MODELS.items():
        model = factory()
        seed_module(model, SEED)
        model.eval()
        image = torch.from_numpy(seeded_tensor('__input__.image', [1, 3, 224, 224], SEED))
        with torch.no_grad():
            logits = model(image)
        state = model.state_dict()
        params = {k: list(v.shape) for k, v in state.items() if v.is_floating_point()}
        buffers = {k: [INT_DTYPES[v.dtype], list(v.shape)] for k, v in state.items() if not v.is_floating_point()}
        write_safetensors(target, {'logits': ('F32', logits)}, {
            'model': f'torchvision.models.{factory.__name__}', 'torchvision': torchvision.__version__,
            'seed': str(SEED), 'input': '__input__.image [1, 3, 224, 224]', 'params': json.dumps(params), 'buffers': json.dumps(buffers),
        })
        if weights_dir:
            os.makedirs(weights_dir, exist_ok=True)
            write_safetensors(os.path.join(weights_dir, f'{name}-seeded.safetensors'), convert(model.state_dict()))
        print(f'{name}: logits {list(logits.shape)}, max |logit| {logits.abs().max().item():.4f}, '
              f'{len(params)} float tensors -> {os.path.relpath(target)}')


if __name__ == '__main__':
    main()
