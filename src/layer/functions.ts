// The top-level conv2dLayer and conv2dLayerBackward, on the context init() made. Apart from
// api.ts so that an app importing only the rest of the API bundles none of the layer (nor its
// binary: see wasm/layer-slot.ts).
import { activeBackend, type Convgrad } from '../api.js';
import { layerBackward, layerForward } from './api.js';

/**
 * A Conv2D layer's forward pass, exactly PyTorch's `torch.nn.functional.conv2d`: a
 * cross-correlation of an NCHW input with OIHW weights, plus a bias per output channel.
 *
 *   output[n,o,i,j] = bias[o] + Σ_{c′,a,b} weight[o,c′,a,b] · input_padded[n, g·Cin/groups + c′, i·sh + a·dh, j·sw + b·dw]
 *
 * with g the group of output channel o. Synchronous after `await init()`; the result has the
 * input's dtype; the inputs are never modified.
 *
 * @param input  [N, Cin, H, W], Float32Array or Float64Array data (row-major).
 * @param weight [Cout, Cin/groups, kH, kW], the input's dtype.
 * @param bias   [Cout] or null/undefined for none.
 * @param options stride, padding ('valid' | 'same' | p | [ph, pw] | [top, bottom, left, right]),
 *   dilation, groups, and `out` (a caller-owned [N, Cout, Ho, Wo] tensor to write into).
 *   'same' is TensorFlow's rule for any stride (output ⌈H/s⌉, the odd padding pixel at the bottom/right).
 * @returns The output [N, Cout, Ho, Wo], Ho = ⌊(H + pt + pb − dh·(kH−1) − 1)/sh⌋ + 1 (Wo alike); `options.out` when given.
 * @throws {ShapeError} a tensor not rank 4 (bias: rank 1), data length ≠ the product of its shape,
 *   Cin or Cout not divisible by groups, weight's second dimension ≠ Cin/groups, bias not [Cout],
 *   an empty output, `options.out` of the wrong shape.
 * @throws {DTypeError} data not Float32Array/Float64Array, or mixed dtypes.
 * @throws {ArgumentError} stride/dilation/groups not positive integers, padding malformed or negative, unknown options.
 * @throws {MemoryLimitError} the problem does not fit WebAssembly memory (before anything is allocated).
 * @throws {NotInitializedError} before `await init()`.
 * @example
 * await init();
 * const input = { data: new Float32Array(1 * 3 * 8 * 8).fill(1), shape: [1, 3, 8, 8] };
 * const weight = { data: new Float32Array(4 * 3 * 3 * 3).fill(0.1), shape: [4, 3, 3, 3] };
 * const y = conv2dLayer(input, weight, null, { padding: 'same' }); // y.shape = [1, 4, 8, 8]
 */
export const conv2dLayer: Convgrad['conv2dLayer'] = (input, weight, bias, options) =>
  layerForward(activeBackend(), input, weight, bias, options);

/**
 * The gradients of a Conv2D layer (PyTorch's autograd of `F.conv2d`) given ∂L/∂output:
 *
 *   gradBias[o]          = Σ_{n,i,j} gradOutput[n,o,i,j]
 *   gradWeight[o,c′,a,b] = Σ_{n,i,j} gradOutput[n,o,i,j] · input_padded[n, c, i·sh + a·dh, j·sw + b·dw]
 *   gradInput[n,c,u,v]   = Σ over every (o, a, b, i, j) with i·sh + a·dh − pt = u, j·sw + b·dw − pl = v
 *                          of weight[o,c′,a,b] · gradOutput[n,o,i,j]
 *
 * Synchronous after `await init()`; results have the input's dtype; inputs are never modified.
 *
 * @param input      [N, Cin, H, W], as given to {@link conv2dLayer}.
 * @param weight     [Cout, Cin/groups, kH, kW].
 * @param gradOutput [N, Cout, Ho, Wo]: the forward output's shape.
 * @param options    The forward pass's stride, padding, dilation, groups; `wrt` picks the gradients
 *   ({ input, weight, bias } booleans; omitted = all three, given = those set true); `out` holds
 *   caller-owned { gradInput, gradWeight, gradBias } tensors to write into.
 * @returns `{ gradInput?, gradWeight?, gradBias? }` with only the gradients asked for.
 * @throws {ShapeError} as {@link conv2dLayer}, and gradOutput not the forward output's shape.
 * @throws {DTypeError} mixed dtypes.
 * @throws {ArgumentError} bad options, `wrt` not booleans, an `out` slot for a gradient not asked for.
 * @throws {MemoryLimitError} the problem does not fit WebAssembly memory (before anything is allocated).
 * @throws {NotInitializedError} before `await init()`.
 * @example
 * await init();
 * const input = { data: new Float64Array(2 * 3 * 5 * 5).fill(1), shape: [2, 3, 5, 5] };
 * const weight = { data: new Float64Array(4 * 3 * 3 * 3).fill(0.5), shape: [4, 3, 3, 3] };
 * const gradOutput = { data: new Float64Array(2 * 4 * 5 * 5).fill(1), shape: [2, 4, 5, 5] };
 * const { gradWeight } = conv2dLayerBackward(input, weight, gradOutput, { padding: 1, wrt: { weight: true } });
 */
export const conv2dLayerBackward: Convgrad['conv2dLayerBackward'] = (input, weight, gradOutput, options) =>
  layerBackward(activeBackend(), input, weight, gradOutput, options);
