#!/usr/bin/python3
"""PyTorch references for a random sweep of Conv2D layer configurations (not used by the tests).

Writes a JSON list of cases: random float64 inputs (normal), convgrad's options, and torch's
forward output and autograd gradients (input, weight, bias) computed in float64 and in float32.
scripts/layer-torch-sweep.mjs then checks the built package against them on every backend.
Complements test/fixtures/layer-torch.json (fixed, exactly representable inputs) with
cancellation-prone real-valued data and, with a config file, the large-layer paths.

    /usr/bin/python3 scripts/layer-torch-sweep.py [--cases 200] [--seed 7] [--configs scripts/layer-torch-sweep-large.json] [--out cases.json]

A config file is a JSON list of {"x": [N, Cin, H, W], "w": [Cout, Cin/groups, kH, kW],
"groups", "stride": [sh, sw], "dilation": [dh, dw], "padding"} (convgrad's padding forms).
Padding goes through F.pad (TensorFlow's 'same' rule for any stride, odd pixel bottom/right).
Needs Debian's python3-torch (1.13) and numpy.
"""
import argparse
import json
import math
import random

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def tf_same(size, k, s, d):
    out = math.ceil(size / s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def pads(opt, H, W, kH, kW, sh, sw, dh, dw):
    """(top, bottom, left, right) of convgrad's padding option."""
    if opt == 'same':
        return tf_same(H, kH, sh, dh) + tf_same(W, kW, sw, dw)
    if opt is None or opt == 'valid':
        return (0, 0, 0, 0)
    if isinstance(opt, int):
        return (opt,) * 4
    if len(opt) == 2:
        return (opt[0], opt[0], opt[1], opt[1])
    return tuple(opt)


def random_config(rng):
    N = rng.randint(1, 3)
    g = rng.choice([1, 1, 2, 3, 'dw'])
    if g == 'dw':
        Cin = rng.randint(1, 8)
        groups, Cout = Cin, Cin * rng.randint(1, 2)
    else:
        groups = g
        Cin, Cout = groups * rng.randint(1, 4), groups * rng.randint(1, 4)
    kH, kW = rng.randint(1, 7), rng.randint(1, 7)
    form = rng.choice(['int', 'pair', 'quad', 'same', 'valid', 'none'])
    padding = {'int': rng.randint(0, 3), 'pair': [rng.randint(0, 3), rng.randint(0, 3)],
               'quad': [rng.randint(0, 3) for _ in range(4)], 'same': 'same', 'valid': 'valid', 'none': None}[form]
    return {'x': [N, Cin, rng.randint(1, 20), rng.randint(1, 20)], 'w': [Cout, Cin // groups, kH, kW], 'groups': groups,
            'stride': [rng.randint(1, 3), rng.randint(1, 3)], 'dilation': [rng.choice([1, 1, 2, 3]), rng.choice([1, 1, 2, 3])],
            'padding': padding, 'bias': rng.random() < 0.7}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cases', type=int, default=200)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('--configs')
    ap.add_argument('--out', default='layer-torch-sweep.json')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    explicit = json.load(open(a.configs)) if a.configs else None
    cases = []
    while len(cases) < (len(explicit) if explicit else a.cases):
        cfg = explicit[len(cases)] if explicit else random_config(rng)
        N, Cin, H, W = cfg['x']
        Cout, _, kH, kW = cfg['w']
        groups = cfg.get('groups', 1)
        sh, sw = cfg.get('stride', [1, 1])
        dh, dw = cfg.get('dilation', [1, 1])
        opt = cfg.get('padding', 0)
        has_bias = cfg.get('bias', True)
        pad = pads(opt, H, W, kH, kW, sh, sw, dh, dw)
        Ho = (H + pad[0] + pad[1] - dh * (kH - 1) - 1) // sh + 1
        Wo = (W + pad[2] + pad[3] - dw * (kW - 1) - 1) // sw + 1
        if Ho < 1 or Wo < 1:
            continue
        i = len(cases) + 10000 * a.seed
        x = np.random.default_rng(i).standard_normal((N, Cin, H, W))
        w = np.random.default_rng(i + 1000).standard_normal((Cout, Cin // groups, kH, kW))
        b = np.random.default_rng(i + 2000).standard_normal((Cout,))
        dy = np.random.default_rng(i + 3000).standard_normal((N, Cout, Ho, Wo))
        case = dict(N=N, Cin=Cin, Cout=Cout, H=H, W=W, kH=kH, kW=kW, groups=groups, stride=[sh, sw], dilation=[dh, dw],
                    padding=opt, bias=has_bias, x=x.ravel().tolist(), w=w.ravel().tolist(), b=b.ravel().tolist(),
                    dy=dy.ravel().tolist(), out=[N, Cout, Ho, Wo])
        for dt, name in ((torch.float64, 'f64'), (torch.float32, 'f32')):
            X = torch.tensor(x, dtype=dt, requires_grad=True)
            Wt = torch.tensor(w, dtype=dt, requires_grad=True)
            B = torch.tensor(b, dtype=dt, requires_grad=True)
            Y = F.conv2d(F.pad(X, (pad[2], pad[3], pad[0], pad[1])), Wt, B if has_bias else None,
                         stride=(sh, sw), dilation=(dh, dw), groups=groups)
            assert list(Y.shape) == [N, Cout, Ho, Wo], (Y.shape, case['out'])
            Y.backward(torch.tensor(dy, dtype=dt))
            case[name] = dict(y=Y.detach().double().ravel().tolist(), dx=X.grad.double().ravel().tolist(),
                              dw=Wt.grad.double().ravel().tolist(),
                              db=B.grad.double().ravel().tolist() if has_bias else None)
        cases.append(case)
    json.dump(cases, open(a.out, 'w'))
    print(f'{len(cases)} cases → {a.out}')


if __name__ == '__main__':
    main()
