#!/usr/bin/python3
"""Writes test/fixtures/layer-torch.json: PyTorch reference cases for convgrad's Conv2D layer.

Run with Debian's torch (apt-get install -y python3-torch; 1.13):
    /usr/bin/python3 scripts/layer-torch-cases.py

Each case: shapes, options in convgrad's form, dtype; torch's forward output and, through
autograd with a fixed gradOutput, gradInput, gradWeight and gradBias. Inputs are not stored:
every tensor is filled by the formula in `fill` (dyadic values, exact in float32 and float64),
which the test recomputes. torch's padding='same' is stride-1 only; for stride > 1 the script
computes TensorFlow's 'same' padding and applies it with F.pad (asymmetric, odd pixel
bottom/right), exactly convgrad's rule. Explicit [top, bottom, left, right] padding also goes
through F.pad.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)


def fill(n, seed):
    """n values in [-1, 1): ((i·7919 + seed·104729) mod 4093 − 2046) / 2048, exact in float32."""
    return [((i * 7919 + seed * 104729) % 4093 - 2046) / 2048 for i in range(n)]


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def tf_same(size, k, s, d):
    out = math.ceil(size / s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def torch_layer(x, w, b, dy, opts):
    """y = F.conv2d(...) with convgrad's options; returns y and the autograd gradients."""
    stride, dilation, groups = pair(opts.get('stride', 1)), pair(opts.get('dilation', 1)), opts.get('groups', 1)
    pad = opts.get('padding', 0)
    kH, kW = w.shape[2], w.shape[3]
    xin = x
    if pad == 'same' and stride == (1, 1):
        torch_pad = 'same'  # torch's own rule; equal to TensorFlow's at stride 1
    elif pad == 'same':
        t, bo = tf_same(x.shape[2], kH, stride[0], dilation[0])
        l, r = tf_same(x.shape[3], kW, stride[1], dilation[1])
        xin = F.pad(x, (l, r, t, bo))
        torch_pad = 0
    elif pad == 'valid':
        torch_pad = 'valid'
    elif isinstance(pad, int):
        torch_pad = pad
    elif len(pad) == 2:
        torch_pad = tuple(pad)
    else:
        t, bo, l, r = pad
        xin = F.pad(x, (l, r, t, bo))
        torch_pad = 0
    y = F.conv2d(xin, w, b, stride=stride, padding=torch_pad, dilation=dilation, groups=groups)
    y.backward(dy)
    return y


CASES = [
    # [N, Cin, H, W], [Cout, Cin/groups, kH, kW], options, bias
    ([2, 3, 7, 6], [4, 3, 3, 3], {'padding': 1}, True),
    ([1, 2, 6, 7], [3, 2, 3, 3], {'padding': 'same'}, True),
    ([1, 2, 6, 5], [2, 2, 4, 4], {'padding': 'same'}, True),                 # even kernel, stride 1
    ([1, 2, 5, 7], [3, 2, 2, 3], {'padding': 'same'}, False),                # even × odd
    ([2, 2, 9, 8], [3, 2, 4, 2], {'padding': 'same', 'stride': 2}, True),    # TF 'same', stride 2, even kernel
    ([1, 3, 8, 9], [2, 3, 3, 3], {'padding': 'same', 'stride': [2, 3], 'dilation': [1, 2]}, True),
    ([1, 2, 7, 7], [3, 2, 3, 3], {'padding': 'valid'}, True),
    ([1, 2, 7, 8], [2, 2, 3, 2], {}, False),                                 # no options: valid, stride 1
    ([1, 2, 6, 6], [3, 2, 3, 3], {'padding': [2, 1]}, True),
    ([1, 2, 6, 7], [2, 2, 3, 3], {'padding': [2, 0, 1, 3]}, True),           # asymmetric
    ([1, 2, 9, 9], [2, 2, 3, 3], {'padding': 2, 'dilation': 2}, True),
    ([1, 1, 11, 10], [2, 1, 3, 2], {'padding': [3, 1], 'dilation': [3, 2]}, True),
    ([1, 2, 10, 11], [2, 2, 3, 3], {'padding': 1, 'stride': 3}, True),
    ([1, 2, 9, 10], [3, 2, 2, 3], {'padding': [1, 0], 'stride': [1, 2]}, False),
    ([2, 4, 6, 6], [6, 2, 3, 3], {'padding': 1, 'groups': 2}, True),
    ([1, 4, 8, 7], [4, 1, 3, 3], {'padding': 1, 'groups': 4}, True),         # depthwise
    ([1, 3, 9, 8], [6, 1, 3, 3], {'padding': 1, 'groups': 3, 'stride': 2}, True),   # depthwise ×2, stride 2
    ([1, 3, 8, 8], [3, 1, 5, 5], {'padding': 'same', 'groups': 3, 'stride': 2}, False),
    ([2, 6, 5, 4], [4, 6, 1, 1], {}, True),                                  # 1×1
    ([1, 4, 5, 5], [6, 2, 1, 1], {'groups': 2}, True),                       # grouped 1×1
    ([1, 3, 9, 9], [4, 3, 7, 7], {'padding': 3, 'stride': 2}, True),         # ResNet stem-like
    ([2, 2, 4, 5], [3, 2, 6, 7], {'padding': 1}, True),                      # kernel = padded image: 1×1 output
    ([3, 1, 3, 3], [1, 1, 3, 3], {'padding': 'same'}, True),
    ([1, 8, 4, 4], [8, 8, 3, 3], {'padding': 1, 'dilation': 1, 'stride': 1}, True),
]


def main():
    out = []
    for dtype_name, dtype, digits in (('float64', torch.float64, 14), ('float32', torch.float32, 9)):
        for idx, (xs, ws, opts, has_bias) in enumerate(CASES):
            seed = 10 * idx
            x = torch.tensor(fill(math.prod(xs), seed + 1), dtype=dtype).reshape(xs).requires_grad_()
            w = torch.tensor(fill(math.prod(ws), seed + 2), dtype=dtype).reshape(ws).requires_grad_()
            b = torch.tensor(fill(ws[0], seed + 3), dtype=dtype).requires_grad_() if has_bias else None
            # The output shape by formula, checked against torch's below.
            probe = torch_layer_shape(x, w, opts)
            dy = torch.tensor(fill(math.prod(probe), seed + 4), dtype=dtype).reshape(probe)
            y = torch_layer(x, w, b, dy, opts)
            assert list(y.shape) == probe, (idx, list(y.shape), probe)

            def rnd(t):
                return [float(f'{v:.{digits}g}') for v in t.detach().reshape(-1).tolist()]

            out.append({
                'dtype': dtype_name,
                'input': xs, 'weight': ws, 'options': opts, 'bias': has_bias,
                'seeds': {'input': seed + 1, 'weight': seed + 2, 'bias': seed + 3, 'gradOutput': seed + 4},
                'output': {'shape': list(y.shape), 'data': rnd(y)},
                'gradInput': rnd(x.grad),
                'gradWeight': rnd(w.grad),
                # Without a bias torch has no gradBias; the layer still computes Σ dY per channel.
                'gradBias': rnd(b.grad) if b is not None else rnd(dy.sum(dim=(0, 2, 3))),
            })
    doc = {
        'generator': 'scripts/layer-torch-cases.py',
        'torch': torch.__version__,
        'fill': 'value[i] = ((i*7919 + seed*104729) mod 4093 - 2046) / 2048',
        'cases': out,
    }
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'layer-torch.json')
    with open(path, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {len(out)} cases, {os.path.getsize(path)} bytes to {os.path.normpath(path)}')


def torch_layer_shape(x, w, opts):
    with torch.no_grad():
        stride, dilation, groups = pair(opts.get('stride', 1)), pair(opts.get('dilation', 1)), opts.get('groups', 1)
        pad = opts.get('padding', 0)
        H, W = x.shape[2], x.shape[3]
        kH, kW = w.shape[2], w.shape[3]
        if pad == 'same':
            t, bo = tf_same(H, kH, stride[0], dilation[0])
            l, r = tf_same(W, kW, stride[1], dilation[1])
        elif pad == 'valid':
            t = bo = l = r = 0
        elif isinstance(pad, int):
            t = bo = l = r = pad
        elif len(pad) == 2:
            t = bo = pad[0]
            l = r = pad[1]
        else:
            t, bo, l, r = pad
        Ho = (H + t + bo - dilation[0] * (kH - 1) - 1) // stride[0] + 1
        Wo = (W + l + r - dilation[1] * (kW - 1) - 1) // stride[1] + 1
        return [x.shape[0], w.shape[0], Ho, Wo]


if __name__ == '__main__':
    main()
