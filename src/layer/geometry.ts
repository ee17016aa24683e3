import { ShapeError } from '../errors.js';
import { fmtShape } from './format.js';
import type { LayerGeometry } from './kernels.js';
import type { ParsedLayerOptions } from './options.js';
import { samePadding } from './padding.js';

/**
 * The layer's geometry from an input [N, Cin, H, W] and weight [Cout, Cin/groups, kH, kW]
 * (both already checked rank-4 tensors) and the parsed options. Throws ShapeError when the
 * channels do not fit the groups or the output would be empty.
 */
export function resolveGeometry(inputShape: readonly number[], weightShape: readonly number[], o: ParsedLayerOptions): LayerGeometry {
  const [N, Cin, H, W] = inputShape as [number, number, number, number];
  const [Cout, CinG, kH, kW] = weightShape as [number, number, number, number];
  const { groups, sh, sw, dh, dw } = o;
  const shapes = `input ${fmtShape(inputShape)}, weight ${fmtShape(weightShape)}`;
  if (Cin % groups !== 0) {
    throw new ShapeError(`input channels Cin = ${Cin} are not divisible by groups = ${groups} (${shapes})`);
  }
  if (Cout % groups !== 0) {
    throw new ShapeError(`output channels Cout = ${Cout} (weight's first dimension) are not divisible by groups = ${groups} (${shapes})`);
  }
  if (CinG !== Cin / groups) {
    throw new ShapeError(
      `weight's second dimension must be Cin/groups = ${Cin}/${groups} = ${Cin / groups}, got ${CinG} (${shapes}; weight is [Cout, Cin/groups, kH, kW])`,
    );
  }
  let pt: number, pb: number, pl: number, pr: number;
  if (o.padding === 'same') {
    [pt, pb] = samePadding(H, kH, sh, dh);
    [pl, pr] = samePadding(W, kW, sw, dw);
  } else {
    ({ pt, pb, pl, pr } = o.padding);
  }
  const spanH = dh * (kH - 1) + 1;
  const spanW = dw * (kW - 1) + 1;
  const Ho = Math.floor((H + pt + pb - spanH) / sh) + 1;
  const Wo = Math.floor((W + pl + pr - spanW) / sw) + 1;
  if (Ho < 1 || Wo < 1) {
    throw new ShapeError(
      `the output would be empty: the padded input is ${H + pt + pb}×${W + pl + pr} (H×W ${H}×${W}, padding [${pt}, ${pb}, ${pl}, ${pr}]) ` +
        `but the dilated kernel spans ${spanH}×${spanW} (${shapes}, dilation [${dh}, ${dw}])`,
    );
  }
  return { N, Cin, H, W, Cout, kH, kW, groups, sh, sw, dh, dw, pt, pb, pl, pr, Ho, Wo };
}

export const outputShape = (g: LayerGeometry): number[] => [g.N, g.Cout, g.Ho, g.Wo];
export const inputShape = (g: LayerGeometry): number[] => [g.N, g.Cin, g.H, g.W];
export const weightShape = (g: LayerGeometry): number[] => [g.Cout, g.Cin / g.groups, g.kH, g.kW];
