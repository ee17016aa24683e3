import { ArgumentError } from '../errors.js';
import { checkOptions } from '../validate.js';
import { show } from './format.js';
import type { Tensor } from './tensor.js';
import { parsePadding, type PaddingSpec } from './padding.js';

/**
 * Zero padding of a Conv2D layer: 'valid' (none), 'same' (TensorFlow's rule for any stride:
 * output ⌈H/s⌉ × ⌈W/s⌉, the odd pixel at the bottom/right), one size for every side,
 * [vertical, horizontal], or [top, bottom, left, right]. Sizes are non-negative integers.
 */
export type LayerPadding = 'valid' | 'same' | number | [number, number] | [number, number, number, number];

/**
 * The layer's configuration, PyTorch's `F.conv2d` arguments: what {@link conv2dLayer} and
 * {@link conv2dLayerBackward} share (one such object can be passed to both).
 */
export interface LayerConfig {
  /** Step between output pixels: one positive integer or [vertical, horizontal]. Default 1. */
  stride?: number | [number, number];
  /** Zero padding (see {@link LayerPadding}). Default 0 ('valid'). */
  padding?: LayerPadding;
  /** Spacing between kernel taps: one positive integer or [vertical, horizontal]. Default 1. */
  dilation?: number | [number, number];
  /** Channel groups: Cin and Cout divisible by it; groups = Cin is depthwise. Default 1. */
  groups?: number;
}

/** Options of {@link conv2dLayer}: the configuration and where to write the output. */
export interface LayerOptions extends LayerConfig {
  /** Write the output here instead of allocating: shape [N, Cout, Ho, Wo], the input's dtype. */
  out?: Tensor;
}

/** Which gradients {@link conv2dLayerBackward} computes. When `wrt` is omitted, all three; when given, those set true. */
export interface LayerWrt {
  input?: boolean;
  weight?: boolean;
  bias?: boolean;
}

/** Caller-owned gradient outputs: each the shape of what it is the gradient of, the input's dtype. */
export interface LayerGradientsOut {
  gradInput?: Tensor;
  gradWeight?: Tensor;
  gradBias?: Tensor;
}

/** Options of {@link conv2dLayerBackward}: the forward pass's options, which gradients, where to write them. */
export interface LayerBackwardOptions extends LayerConfig {
  wrt?: LayerWrt;
  out?: LayerGradientsOut;
}

/** The gradients {@link conv2dLayerBackward} returns; only those asked for are present. */
export interface LayerGradients {
  /** ∂L/∂input, shape [N, Cin, H, W]. */
  gradInput?: Tensor;
  /** ∂L/∂weight, shape [Cout, Cin/groups, kH, kW]. */
  gradWeight?: Tensor;
  /** ∂L/∂bias, shape [Cout]. */
  gradBias?: Tensor;
}

/** The options after parsing; padding is resolved against the shapes later (see geometry.ts). */
export interface ParsedLayerOptions {
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  groups: number;
  padding: PaddingSpec;
}

const FORWARD_KEYS = ['stride', 'padding', 'dilation', 'groups', 'out'];
const BACKWARD_KEYS = ['stride', 'padding', 'dilation', 'groups', 'out', 'wrt'];
const WRT_KEYS = ['input', 'weight', 'bias'];
const OUT_KEYS = ['gradInput', 'gradWeight', 'gradBias'];

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** A positive integer or a pair of them (stride, dilation). */
function parsePair(name: string, v: unknown): [number, number] {
  if (v === undefined) return [1, 1];
  if (isPositiveInt(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && isPositiveInt(v[0]) && isPositiveInt(v[1])) return [v[0], v[1]];
  throw new ArgumentError(
    `options.${name} must be a positive integer or [vertical, horizontal] of positive integers, got ${show(v)}`,
  );
}

export function parseLayerOptions(opts: Record<string, unknown>): ParsedLayerOptions {
  const [sh, sw] = parsePair('stride', opts.stride);
  const [dh, dw] = parsePair('dilation', opts.dilation);
  const groups = opts.groups ?? 1;
  if (!isPositiveInt(groups)) throw new ArgumentError(`options.groups must be a positive integer, got ${show(groups)}`);
  return { sh, sw, dh, dw, groups, padding: parsePadding(opts.padding) };
}

const FORWARD = 'conv2dLayer';
const BACKWARD = 'conv2dLayerBackward';

export function forwardOptions(options: unknown): Record<string, unknown> {
  return checkOptions('options', options as object | undefined, FORWARD_KEYS, FORWARD) as Record<string, unknown>;
}

export function backwardOptions(options: unknown): Record<string, unknown> {
  return checkOptions('options', options as object | undefined, BACKWARD_KEYS, BACKWARD) as Record<string, unknown>;
}

/** The gradients asked for: all three when `wrt` is omitted, else those set true. */
export function parseWrt(wrt: unknown): Required<LayerWrt> {
  if (wrt === undefined) return { input: true, weight: true, bias: true };
  const w = checkOptions('options.wrt', wrt as object, WRT_KEYS, BACKWARD) as Record<string, unknown>;
  for (const key of WRT_KEYS) {
    if (w[key] !== undefined && typeof w[key] !== 'boolean') {
      throw new ArgumentError(`options.wrt.${key} must be a boolean, got ${show(w[key])}`);
    }
  }
  return { input: w.input === true, weight: w.weight === true, bias: w.bias === true };
}

export function gradientsOut(out: unknown): Record<string, unknown> {
  return checkOptions('options.out', out as object | undefined, OUT_KEYS, BACKWARD) as Record<string, unknown>;
}
