import { describe, expect, it } from 'vitest';
import { conv2dLayer, conv2dLayerBackward, init, NotInitializedError, type Tensor } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { materializeLayer, options, type LayerCase } from '../support/layer-cases.js';

const all = await backends();

const base: LayerCase = {
  N: 2, Cin: 4, Cout: 6, groups: 2, H: 7, W: 6, kH: 3, kW: 2, stride: [1, 2], dilation: 1, padding: 'same', bias: true, dtype: 'float64',
  seeds: { x: { seed: 5, kind: 'uniform' }, w: { seed: 6, kind: 'uniform' }, b: { seed: 7, kind: 'uniform' }, dy: { seed: 8, kind: 'uniform' } },
};

const copy = (t: Tensor): Tensor => ({ data: t.data.slice(), shape: [...t.shape] });
const bits = (t: Tensor) => Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));

describe('Conv2D layer API', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    for (const { name, cg } of all) {
      const c = { ...base, dtype };
      const { x, w, b, dy } = materializeLayer(c);
      const full = cg.conv2dLayerBackward(x, w, dy, options(c));

      it(`${name} ${dtype}: wrt subsets return exactly what was asked, with the same bits`, () => {
        for (let mask = 0; mask < 8; mask++) {
          const wrt = { input: (mask & 1) !== 0, weight: (mask & 2) !== 0, bias: (mask & 4) !== 0 };
          const got = cg.conv2dLayerBackward(x, w, dy, { ...options(c), wrt });
          const keys = Object.keys(got).sort();
          const want = [wrt.input && 'gradInput', wrt.weight && 'gradWeight', wrt.bias && 'gradBias'].filter(Boolean).sort();
          expect(keys).toEqual(want);
          for (const k of keys as Array<keyof typeof got>) expect(bits(got[k]!)).toEqual(bits(full[k]!));
        }
        // Omitted wrt = all three; a partial wrt = only those set true.
        expect(Object.keys(full).sort()).toEqual(['gradBias', 'gradInput', 'gradWeight']);
        expect(Object.keys(cg.conv2dLayerBackward(x, w, dy, { ...options(c), wrt: { weight: true } }))).toEqual(['gradWeight']);
      });

      it(`${name} ${dtype}: results have the input's dtype and the right shapes`, () => {
        const y = cg.conv2dLayer(x, w, b, options(c));
        const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
        expect(y.data).toBeInstanceOf(Ctor);
        expect(y.shape).toEqual([2, 6, 7, 3]);
        expect(full.gradInput!.data).toBeInstanceOf(Ctor);
        expect(full.gradInput!.shape).toEqual(x.shape);
        expect(full.gradWeight!.shape).toEqual(w.shape);
        expect(full.gradBias!.shape).toEqual([6]);
        // A missing bias, null and an all-zero bias agree bitwise.
        const zero = { data: new Ctor(6), shape: [6] };
        const a = cg.conv2dLayer(x, w, undefined, options(c));
        expect(bits(cg.conv2dLayer(x, w, null, options(c)))).toEqual(bits(a));
        expect(bits(cg.conv2dLayer(x, w, zero, options(c)))).toEqual(bits(a));
        // No options = stride 1, no padding, no dilation, one group.
        const plain = { ...c, groups: 1, Cin: 4, stride: 1, padding: 'valid' as const };
        const p = materializeLayer(plain);
        expect(bits(cg.conv2dLayer(p.x, p.w))).toEqual(bits(cg.conv2dLayer(p.x, p.w, null, { stride: 1, padding: 0, dilation: 1, groups: 1 })));
      });

      it(`${name} ${dtype}: out is written in full and returned`, () => {
        const y = cg.conv2dLayer(x, w, b, options(c));
        const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
        const out = { data: new Ctor(y.data.length).fill(NaN), shape: [...y.shape] };
        const got = cg.conv2dLayer(x, w, b, { ...options(c), out });
        expect(got).toBe(out);
        expect(bits(out)).toEqual(bits(y));
        const outs = {
          gradInput: { data: new Ctor(x.data.length).fill(NaN), shape: [...x.shape] },
          gradWeight: { data: new Ctor(w.data.length).fill(NaN), shape: [...w.shape] },
          gradBias: { data: new Ctor(6).fill(NaN), shape: [6] },
        };
        const g = cg.conv2dLayerBackward(x, w, dy, { ...options(c), out: outs });
        expect(g.gradInput).toBe(outs.gradInput);
        expect(g.gradWeight).toBe(outs.gradWeight);
        expect(g.gradBias).toBe(outs.gradBias);
        for (const k of ['gradInput', 'gradWeight', 'gradBias'] as const) expect(bits(outs[k])).toEqual(bits(full[k]!));
        // Some slots caller-owned, the others allocated.
        const only = { data: new Ctor(w.data.length).fill(NaN), shape: [...w.shape] };
        const g2 = cg.conv2dLayerBackward(x, w, dy, { ...options(c), out: { gradWeight: only } });
        expect(g2.gradWeight).toBe(only);
        expect(bits(g2.gradInput!)).toEqual(bits(full.gradInput!));
      });

      it(`${name} ${dtype}: fresh results own their memory (later calls leave them alone)`, () => {
        const dwc = { ...c, Cin: 4, Cout: 4, groups: 4 };
        const d = materializeLayer(dwc);
        const y = cg.conv2dLayer(x, w, b, options(c));
        const yd = cg.conv2dLayer(d.x, d.w, d.b, options(dwc));
        const gr = cg.conv2dLayerBackward(x, w, dy, options(c));
        const kept = [y, yd, gr.gradInput!, gr.gradWeight!, gr.gradBias!].map((t) => bits(t));
        // Every result is a whole buffer of its own, not a view into a backend's memory.
        for (const t of [y, yd, gr.gradInput!, gr.gradWeight!, gr.gradBias!]) {
          expect(t.data.byteOffset).toBe(0);
          expect(t.data.buffer.byteLength).toBe(t.data.byteLength);
        }
        // Other problems through the same memory, then the same one with other data.
        cg.conv2dLayer(d.x, d.w, d.b, options(dwc));
        cg.conv2dLayerBackward(d.x, d.w, d.dy, options(dwc));
        const neg = (t: Tensor): Tensor => ({ data: t.data.map((v) => -v), shape: t.shape });
        cg.conv2dLayer(neg(x), w, b, options(c));
        cg.conv2dLayerBackward(neg(x), w, neg(dy), options(c));
        [y, yd, gr.gradInput!, gr.gradWeight!, gr.gradBias!].forEach((t, i) => expect(bits(t)).toEqual(kept[i]));
      });

      it(`${name} ${dtype}: inputs are never mutated`, () => {
        const before = [x, w, b!, dy].map(copy);
        cg.conv2dLayer(x, w, b, options(c));
        cg.conv2dLayerBackward(x, w, dy, options(c));
        // The depthwise and 1×1 paths too.
        const dwc = materializeLayer({ ...c, Cin: 4, Cout: 4, groups: 4, stride: 2 });
        const dwBefore = [dwc.x, dwc.w, dwc.dy].map(copy);
        cg.conv2dLayer(dwc.x, dwc.w, dwc.b, options({ ...c, Cin: 4, Cout: 4, groups: 4, stride: 2 }));
        cg.conv2dLayerBackward(dwc.x, dwc.w, dwc.dy, options({ ...c, Cin: 4, Cout: 4, groups: 4, stride: 2 }));
        const pw = { ...c, kH: 1, kW: 1, stride: 1, padding: 'valid' as const, groups: 1 };
        const p = materializeLayer(pw);
        const pBefore = [p.x, p.w, p.b!, p.dy].map(copy);
        cg.conv2dLayer(p.x, p.w, p.b, options(pw));
        cg.conv2dLayerBackward(p.x, p.w, p.dy, options(pw));
        [x, w, b!, dy].forEach((t, i) => {
          expect(bits(t)).toEqual(bits(before[i]!));
          expect(t.shape).toEqual(before[i]!.shape);
        });
        [dwc.x, dwc.w, dwc.dy].forEach((t, i) => expect(bits(t)).toEqual(bits(dwBefore[i]!)));
        [p.x, p.w, p.b!, p.dy].forEach((t, i) => expect(bits(t)).toEqual(bits(pBefore[i]!)));
      });
    }
  }

  it('padding forms that mean the same thing give the same bits', () => {
    const c = { ...base, groups: 1, Cin: 2, Cout: 3, stride: 1 };
    const { x, w } = materializeLayer(c);
    for (const { cg } of all) {
      const ref = bits(cg.conv2dLayer(x, w, null, { padding: [1, 1, 2, 2] }));
      expect(bits(cg.conv2dLayer(x, w, null, { padding: [1, 2] }))).toEqual(ref);
      expect(bits(cg.conv2dLayer(x, w, null, { padding: 0 }))).toEqual(bits(cg.conv2dLayer(x, w, null, { padding: 'valid' })));
      expect(bits(cg.conv2dLayer(x, w, null, { padding: 2, stride: [2, 2], dilation: [1, 1] }))).toEqual(
        bits(cg.conv2dLayer(x, w, null, { padding: [2, 2, 2, 2], stride: 2, dilation: 1 })),
      );
    }
  });

  it('the top-level functions need init() and then use the default context', async () => {
    const { x, w, dy } = materializeLayer(base);
    // Other test files in this worker may have called init() already; this one checks both states.
    let initialised = true;
    try {
      conv2dLayer(x, w, null, options(base));
    } catch (e) {
      expect(e).toBeInstanceOf(NotInitializedError);
      initialised = false;
    }
    if (!initialised) expect(() => conv2dLayerBackward(x, w, dy, options(base))).toThrow(NotInitializedError);
    await init();
    const simd = all.find((b) => b.name === 'wasm-simd')!.cg;
    expect(bits(conv2dLayer(x, w, null, options(base)))).toEqual(bits(simd.conv2dLayer(x, w, null, options(base))));
    expect(bits(conv2dLayerBackward(x, w, dy, options(base)).gradWeight!)).toEqual(
      bits(simd.conv2dLayerBackward(x, w, dy, options(base)).gradWeight!),
    );
  });
});

describe("the README's layer example", () => {
  it('gives the values the README prints, on every backend', () => {
    const input = { data: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), shape: [1, 1, 3, 3] };
    const weight = { data: new Float64Array([1, 0, 0, -1]), shape: [1, 1, 2, 2] };
    const bias = { data: new Float64Array([10]), shape: [1] };
    for (const { cg } of all) {
      const y = cg.conv2dLayer(input, weight, bias, { padding: 'same' });
      expect(y.shape).toEqual([1, 1, 3, 3]);
      // y[i,j] = 10 + x[i,j] − x[i+1,j+1], zero past the bottom/right edge.
      expect(Array.from(y.data)).toEqual([6, 6, 13, 6, 6, 16, 17, 18, 19]);
      const dy = { data: new Float64Array(9).fill(1), shape: [1, 1, 3, 3] };
      const g = cg.conv2dLayerBackward(input, weight, dy, { padding: 'same' });
      // dX[u,v] = 1·dY[u,v] − 1·dY[u−1,v−1]; dW[a,b] = Σ x over the rows/columns tap (a,b) reads.
      expect(Array.from(g.gradInput!.data)).toEqual([1, 1, 1, 1, 0, 0, 1, 0, 0]);
      expect(Array.from(g.gradWeight!.data)).toEqual([45, 33, 39, 28]);
      expect(Array.from(g.gradBias!.data)).toEqual([9]);
    }
  });
});
