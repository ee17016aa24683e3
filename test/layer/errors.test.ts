import { describe, expect, it } from 'vitest';
import { ArgumentError, DTypeError, ShapeError, type Tensor } from '../../src/index.js';
import { backends } from '../support/backends.js';

const all = await backends();

const t = (shape: number[], f32 = false): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = ((i * 7) % 11) / 11 - 0.5;
  return { data, shape };
};

const x = t([2, 4, 6, 5]);
const w = t([6, 2, 3, 3]);
const b = t([6]);
const opts = { groups: 2, padding: 1 } as const;
const dy = t([2, 6, 6, 5]);

type Call = () => unknown;
/** [what, call, error class, fragments the message must contain] */
const cases = (cg: (typeof all)[number]['cg']): Array<[string, Call, new (...a: never[]) => Error, string[]]> => [
  ['input not rank 4', () => cg.conv2dLayer(t([4, 6, 5]), w, b, opts), ShapeError, ['input', 'rank 4', '[4, 6, 5]']],
  ['weight not rank 4', () => cg.conv2dLayer(x, t([6, 2, 9]), b, opts), ShapeError, ['weight', 'rank 4', '[6, 2, 9]']],
  ['input not a tensor', () => cg.conv2dLayer(null as never, w, b, opts), ShapeError, ['input', 'null']],
  ['input data not a float array', () => cg.conv2dLayer({ data: [1, 2] as never, shape: [1, 1, 1, 2] }, w, b), DTypeError, ['input.data', 'Array']],
  ['shape not positive integers', () => cg.conv2dLayer({ data: new Float64Array(0), shape: [1, 0, 3, 3] }, w, b), ShapeError, ['input.shape', '[1, 0, 3, 3]']],
  ['data length ≠ product of shape', () => cg.conv2dLayer({ data: new Float64Array(10), shape: [2, 4, 6, 5] }, w, b, opts), ShapeError, ['input.data has 10', '[2, 4, 6, 5]', '240']],
  ['weight data length', () => cg.conv2dLayer(x, { data: new Float64Array(5), shape: [6, 2, 3, 3] }, b, opts), ShapeError, ['weight.data has 5', '[6, 2, 3, 3]']],
  ['Cin not divisible by groups', () => cg.conv2dLayer(x, t([6, 1, 3, 3]), b, { groups: 3 }), ShapeError, ['Cin = 4', 'groups = 3', '[2, 4, 6, 5]', '[6, 1, 3, 3]']],
  ['Cout not divisible by groups', () => cg.conv2dLayer(x, t([5, 2, 3, 3]), null, { groups: 2 }), ShapeError, ['Cout = 5', 'groups = 2', '[5, 2, 3, 3]']],
  ["weight's second dimension ≠ Cin/groups", () => cg.conv2dLayer(x, t([6, 4, 3, 3]), b, { groups: 2 }), ShapeError, ['Cin/groups', '= 2, got 4', '[6, 4, 3, 3]', '[2, 4, 6, 5]']],
  ['bias of the wrong length', () => cg.conv2dLayer(x, w, t([5]), opts), ShapeError, ['bias', '[6]', '[5]']],
  ['bias not rank 1', () => cg.conv2dLayer(x, w, t([1, 6]), opts), ShapeError, ['bias', 'rank 1', '[1, 6]']],
  ['gradOutput not the forward output shape', () => cg.conv2dLayerBackward(x, w, t([2, 6, 4, 3]), opts), ShapeError, ['gradOutput', '[2, 6, 6, 5]', '[2, 6, 4, 3]']],
  ['gradOutput not rank 4', () => cg.conv2dLayerBackward(x, w, t([6, 6, 5]), opts), ShapeError, ['gradOutput', 'rank 4']],
  ['stride 0', () => cg.conv2dLayer(x, w, b, { ...opts, stride: 0 }), ArgumentError, ['options.stride', '0']],
  ['stride not an integer', () => cg.conv2dLayer(x, w, b, { ...opts, stride: 1.5 }), ArgumentError, ['options.stride', '1.5']],
  ['stride pair with a negative', () => cg.conv2dLayer(x, w, b, { ...opts, stride: [1, -2] }), ArgumentError, ['options.stride', '[1,-2]']],
  ['stride of three numbers', () => cg.conv2dLayer(x, w, b, { ...opts, stride: [1, 1, 1] as never }), ArgumentError, ['options.stride']],
  ['stride as a string', () => cg.conv2dLayer(x, w, b, { ...opts, stride: '2' as never }), ArgumentError, ['options.stride', '"2"']],
  ['dilation 0', () => cg.conv2dLayer(x, w, b, { ...opts, dilation: 0 }), ArgumentError, ['options.dilation', '0']],
  ['dilation NaN', () => cg.conv2dLayer(x, w, b, { ...opts, dilation: [NaN, 1] }), ArgumentError, ['options.dilation']],
  ['groups 0', () => cg.conv2dLayer(x, w, b, { groups: 0 }), ArgumentError, ['options.groups', '0']],
  ['groups 1.5', () => cg.conv2dLayerBackward(x, w, dy, { groups: 1.5 }), ArgumentError, ['options.groups', '1.5']],
  ['padding negative', () => cg.conv2dLayer(x, w, b, { ...opts, padding: -1 }), ArgumentError, ['options.padding', '-1']],
  ['padding pair with a negative', () => cg.conv2dLayer(x, w, b, { ...opts, padding: [1, -1] }), ArgumentError, ['options.padding', '[1,-1]']],
  ['padding of three numbers', () => cg.conv2dLayer(x, w, b, { ...opts, padding: [1, 1, 1] as never }), ArgumentError, ['options.padding', '[1,1,1]']],
  ['padding of one number in an array', () => cg.conv2dLayer(x, w, b, { ...opts, padding: [1] as never }), ArgumentError, ['options.padding']],
  ["padding 'full'", () => cg.conv2dLayer(x, w, b, { ...opts, padding: 'full' as never }), ArgumentError, ['options.padding', '"full"']],
  ['padding fractional', () => cg.conv2dLayer(x, w, b, { ...opts, padding: [0.5, 0, 0, 0] }), ArgumentError, ['options.padding']],
  ['output smaller than 1', () => cg.conv2dLayer(x, t([6, 2, 7, 3]), b, { groups: 2 }), ShapeError, ['empty', '6×5', '7×3', '[6, 2, 7, 3]']],
  ['dilated kernel larger than the input', () => cg.conv2dLayer(x, w, b, { groups: 2, dilation: 3 }), ShapeError, ['empty', '7×7']],
  ['mixed dtypes: weight', () => cg.conv2dLayer(x, t([6, 2, 3, 3], true), b, opts), DTypeError, ['mixed dtypes', 'input', 'weight', 'Float32Array']],
  ['mixed dtypes: bias', () => cg.conv2dLayer(x, w, t([6], true), opts), DTypeError, ['mixed dtypes', 'bias']],
  ['mixed dtypes: gradOutput', () => cg.conv2dLayerBackward(x, w, t([2, 6, 6, 5], true), opts), DTypeError, ['mixed dtypes', 'gradOutput']],
  ['unknown option', () => cg.conv2dLayer(x, w, b, { ...opts, paddng: 1 } as never), ArgumentError, ['options.paddng', 'not an option of conv2dLayer', "did you mean 'padding'"]],
  ['wrt on the forward pass', () => cg.conv2dLayer(x, w, b, { ...opts, wrt: {} } as never), ArgumentError, ['options.wrt']],
  ['options not an object', () => cg.conv2dLayer(x, w, b, 3 as never), ArgumentError, ['options', 'number']],
  ['wrt not an object', () => cg.conv2dLayerBackward(x, w, dy, { ...opts, wrt: 'input' as never }), ArgumentError, ['options.wrt']],
  ['wrt value not a boolean', () => cg.conv2dLayerBackward(x, w, dy, { ...opts, wrt: { input: 1 as never } }), ArgumentError, ['options.wrt.input', '1']],
  ['wrt unknown key', () => cg.conv2dLayerBackward(x, w, dy, { ...opts, wrt: { kernel: true } as never }), ArgumentError, ['options.wrt.kernel']],
  ['out of the wrong shape', () => cg.conv2dLayer(x, w, b, { ...opts, out: t([2, 6, 6, 4]) }), ShapeError, ['options.out', '[2, 6, 6, 5]', '[2, 6, 6, 4]']],
  ['out of the wrong dtype', () => cg.conv2dLayer(x, w, b, { ...opts, out: t([2, 6, 6, 5], true) }), DTypeError, ['options.out', 'Float64Array', 'Float32Array']],
  ['out sharing memory with the input', () => {
    const buf = new Float64Array(600);
    buf.set(x.data);
    const xs = { data: buf.subarray(0, 240), shape: x.shape };
    return cg.conv2dLayer(xs, w, b, { ...opts, out: { data: buf.subarray(230, 590), shape: [2, 6, 6, 5] } });
  }, ArgumentError, ['options.out', 'shares memory']],
  ['gradient out of the wrong shape', () => cg.conv2dLayerBackward(x, w, dy, { ...opts, out: { gradWeight: t([6, 2, 3, 2]) } }), ShapeError, ['options.out.gradWeight', '[6, 2, 3, 3]']],
  ['gradient outs sharing memory', () => {
    const buf = new Float64Array(240);
    return cg.conv2dLayerBackward(x, w, dy, { ...opts, out: { gradInput: { data: buf, shape: [2, 4, 6, 5] }, gradBias: { data: buf.subarray(0, 6), shape: [6] } } });
  }, ArgumentError, ['options.out.gradBias', 'shares memory']],
  ['gradient out not asked for', () => cg.conv2dLayerBackward(x, w, dy, { ...opts, wrt: { input: true }, out: { gradBias: t([6]) } }), ArgumentError, ['options.out.gradBias', 'options.wrt.bias']],
  ['gradient out unknown slot', () => cg.conv2dLayerBackward(x, w, dy, { ...opts, out: { gradKernel: t([6]) } as never }), ArgumentError, ['options.out.gradKernel']],
];

describe('Conv2D layer: every bad input is a typed error naming the argument and the shapes', () => {
  for (const { name, cg } of all) {
    for (const [what, call, Err, fragments] of cases(cg)) {
      it(`${name}: ${what}`, () => {
        let err: unknown;
        try {
          call();
        } catch (e) {
          err = e;
        }
        expect(err, 'should throw').toBeInstanceOf(Err);
        for (const f of fragments) expect((err as Error).message).toContain(f);
      });
    }
  }

  it('a failed call writes nothing into a caller-owned output', () => {
    for (const { cg } of all) {
      const out = { data: new Float64Array(2 * 6 * 6 * 5).fill(7), shape: [2, 6, 6, 5] };
      expect(() => cg.conv2dLayer(x, w, t([5]), { ...opts, out })).toThrow(ShapeError);
      expect(out.data.every((v) => v === 7)).toBe(true);
    }
  });
});
