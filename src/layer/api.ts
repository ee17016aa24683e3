import type { Backend } from '../backend.js';
import { ArgumentError, DTypeError, MemoryLimitError, ShapeError } from '../errors.js';
import type { FloatArray } from '../types.js';
import { fmtShape } from './format.js';
import { inputShape, outputShape, resolveGeometry, weightShape } from './geometry.js';
import type { LayerGeometry } from './kernels.js';
import {
  backwardOptions,
  forwardOptions,
  gradientsOut,
  parseLayerOptions,
  parseWrt,
  type LayerBackwardOptions,
  type LayerGradients,
  type LayerOptions,
} from './options.js';
import { checkSameTensorDType, checkTensor, sameShape, type Tensor } from './tensor.js';
import { loadWasmLayer } from '../wasm/layer-module.js';
import { provideLayerLoader } from '../wasm/layer-slot.js';

// This module is in an app's bundle exactly when the app uses the layer: only then does init()
// load the layer's WebAssembly binary (see wasm/layer-slot.ts).
provideLayerLoader(loadWasmLayer);

const INPUT = '[N, Cin, H, W]';
const WEIGHT = '[Cout, Cin/groups, kH, kW]';

/** Validates input and weight (rank 4, one dtype) and the options; returns the geometry. */
function checkLayer(input: unknown, weight: unknown, opts: Record<string, unknown>, extra: ReadonlyArray<readonly [string, Tensor]>): LayerGeometry {
  checkTensor('input', input, 4, INPUT);
  checkTensor('weight', weight, 4, WEIGHT);
  checkSameTensorDType([['input', input], ['weight', weight], ...extra]);
  return resolveGeometry(input.shape, weight.shape, parseLayerOptions(opts));
}

/** A caller-owned output: well formed, the right shape and dtype, sharing no memory with the inputs or other outputs. */
function checkOutTensor(name: string, out: unknown, shape: number[], like: FloatArray, why: () => string, taken: FloatArray[]): Tensor {
  checkTensor(name, out, shape.length, fmtShape(shape));
  if (out.data.constructor !== like.constructor) {
    throw new DTypeError(`${name} must be a ${like.constructor.name} like the input, got ${out.data.constructor.name}`);
  }
  if (!sameShape(out.shape, shape)) {
    throw new ShapeError(`${name} must have shape ${fmtShape(shape)} (${why()}), got ${fmtShape(out.shape)}`);
  }
  for (const t of taken) {
    if (t.buffer === out.data.buffer && t.byteOffset < out.data.byteOffset + out.data.byteLength && out.data.byteOffset < t.byteOffset + t.byteLength) {
      throw new ArgumentError(`${name} shares memory with an input or another output; inputs are never overwritten`);
    }
  }
  taken.push(out.data);
  return out;
}

/**
 * Runs a pass into the caller's tensor, or into a fresh array the backend allocates (null): an
 * engine that cannot allocate it gets a MemoryLimitError naming it, not a bare RangeError.
 */
function runPass(name: string, like: FloatArray, shape: number[], given: Tensor | undefined, pass: (out: FloatArray | null) => FloatArray): Tensor {
  if (given) {
    pass(given.data);
    return given;
  }
  try {
    return { data: pass(null), shape };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const n = shape.reduce((p, d) => p * d, 1);
    throw new MemoryLimitError(`${name} ${fmtShape(shape)} (${n} elements of ${like.BYTES_PER_ELEMENT} bytes) cannot be allocated: ${e.message}`);
  }
}

/** The forward pass on `backend`; see conv2dLayer in src/api.ts for the contract. */
export function layerForward(backend: Backend, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, options?: LayerOptions): Tensor {
  const opts = forwardOptions(options);
  const hasBias = bias !== null && bias !== undefined;
  if (hasBias) checkTensor('bias', bias, 1, '[Cout]');
  const g = checkLayer(input, weight, opts, hasBias ? [['bias', bias]] : []);
  if (hasBias && bias.shape[0] !== g.Cout) {
    throw new ShapeError(`bias must have shape [Cout] = [${g.Cout}] (weight ${fmtShape(weight.shape)}), got ${fmtShape(bias.shape)}`);
  }
  const shape = outputShape(g);
  const taken = hasBias ? [input.data, weight.data, bias.data] : [input.data, weight.data];
  const out = opts.out === undefined
    ? undefined
    : checkOutTensor('options.out', opts.out, shape, input.data, () => `the output of input ${fmtShape(input.shape)} with weight ${fmtShape(weight.shape)}`, taken);
  backend.layer.checkFits(g, { forward: true }, input.data.BYTES_PER_ELEMENT);
  return runPass('the output', input.data, shape, out, (y) => backend.layer.forward(y, input.data, weight.data, hasBias ? bias.data : null, g));
}

/** The backward pass on `backend`; see conv2dLayerBackward in src/api.ts for the contract. */
export function layerBackward(backend: Backend, input: Tensor, weight: Tensor, gradOutput: Tensor, options?: LayerBackwardOptions): LayerGradients {
  const opts = backwardOptions(options);
  checkTensor('gradOutput', gradOutput, 4, '[N, Cout, Ho, Wo]');
  const g = checkLayer(input, weight, opts, [['gradOutput', gradOutput]]);
  const yShape = outputShape(g);
  if (!sameShape(gradOutput.shape, yShape)) {
    throw new ShapeError(
      `gradOutput must have the forward output's shape ${fmtShape(yShape)} (input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)}), got ${fmtShape(gradOutput.shape)}`,
    );
  }
  const wrt = parseWrt(opts.wrt);
  const outs = gradientsOut(opts.out);
  const taken = [input.data, weight.data, gradOutput.data];
  const slots = [
    ['gradInput', 'input', inputShape(g), 'the shape of input'],
    ['gradWeight', 'weight', weightShape(g), 'the shape of weight'],
    ['gradBias', 'bias', [g.Cout], 'the shape of bias, [Cout]'],
  ] as const;
  const given: Partial<Record<(typeof slots)[number][0], Tensor>> = {};
  for (const [key, w, shape, why] of slots) {
    if (outs[key] === undefined) continue;
    if (!wrt[w]) throw new ArgumentError(`options.out.${key} is given but options.wrt.${w} is not true`);
    given[key] = checkOutTensor(`options.out.${key}`, outs[key], [...shape], input.data, () => why, taken);
  }
  backend.layer.checkFits(g, { gradInput: wrt.input, gradWeight: wrt.weight, gradBias: wrt.bias }, input.data.BYTES_PER_ELEMENT);
  const result: LayerGradients = {};
  const k = backend.layer;
  if (wrt.input) {
    result.gradInput = runPass('gradInput', input.data, inputShape(g), given.gradInput, (dx) => k.gradInput(dx, gradOutput.data, weight.data, g));
  }
  if (wrt.weight) {
    result.gradWeight = runPass('gradWeight', input.data, weightShape(g), given.gradWeight, (dw) => k.gradWeight(dw, input.data, gradOutput.data, g));
  }
  if (wrt.bias) {
    result.gradBias = runPass('gradBias', input.data, [g.Cout], given.gradBias, (db) => k.gradBias(db, gradOutput.data, g));
  }
  return result;
}
