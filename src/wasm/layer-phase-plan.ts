// Layouts of the stride-2 Winograd gradients (assembly/layer-winograd-s2.ts, driven by
// layer-phase-winograd.ts): each stride phase of dx, and each stride phase of the kernel's taps,
// with F(2, 2) along every axis that has two taps. Pure arithmetic, as layer-plan.ts, so
// checkFits can size a call before anything is allocated.
import type { LayerGeometry } from '../layer/kernels.js';
import { axisPhases, gradWeightRunTable, gradWeightScratch, lanesOf, roundUp, tileOf } from './layer-plan.js';

/**
 * From how many channels both ways, and how many output pixels (per image for gradInput, over
 * all images for gradWeight), a layer takes this path: the stride-1 Winograd gates' figures
 * (layer-plan.ts), whose cost balance (transforms ∝ channels × pixels against GEMMs ∝ channels²
 * × pixels) is the same here.
 */
const MIN_CHANNELS = 32;
const MIN_PIXELS = 64;
const WEIGHT_MIN_TILES = 100;
/**
 * Output width past which gradWeight stays direct: its pixel-vectorised GEMM gains on longer rows
 * while this path's tile buffers outgrow L2 (interleaved A/B, CPU time: Wo = 14 and 28 1.06–1.47×,
 * Wo = 40 0.98–1.13×, Wo = 56 0.92–0.98×).
 */
const WEIGHT_MAX_WIDTH = 32;
/** Bytes past which gradWeight stays direct: its buffers hold every image's tiles at once. */
const WEIGHT_MAX_BYTES = 256 * 1024 * 1024;

/** float32, one group, 3×3, stride 2 and dilation 1 both ways, enough channels. */
function phaseShape(g: LayerGeometry, bytes: number): boolean {
  return bytes === 4 && g.groups === 1 && g.kH === 3 && g.kW === 3 && g.sh === 2 && g.sw === 2 && g.dh === 1 && g.dw === 1 &&
    g.Cin >= MIN_CHANNELS && g.Cout >= MIN_CHANNELS;
}

/** One axis of one stride phase: its tiles and, in tile order, the kernel taps it applies. */
export interface PhaseAxis {
  /** The stride phase ρ along this axis. */
  readonly rho: number;
  /** True for two taps (F(2, 2): tiles of 2 outputs, 3 points), false for one (tiles of 1). */
  readonly two: boolean;
  /** Kernel indices along the axis, in the order the transforms take them (g0, g1). */
  readonly taps: number[];
  /** Tiles along the axis, and the outputs they hold (the phase's pixels; a half tile at the end when odd). */
  readonly T: number;
  readonly count: number;
  /** gradInput: first output coordinate of the phase (u = 2·(Umin + U) + ρ − pad), first padded dy index. */
  readonly Umin: number;
  readonly base: number;
}

/** One stride phase: its two axes, its points (pts = 9, 3 or 1), tiles P and their rounded count. */
export interface Phase {
  readonly rh: number;
  readonly rw: number;
  readonly h: PhaseAxis;
  readonly w: PhaseAxis;
  readonly pts: number;
  /** gradInput: tiles per image (P, and Pr rounded up to whole GEMM tiles). gradWeight: over all images (NP, NPr, dyRow). */
  readonly P: number;
  readonly Pr: number;
  readonly dyRow: number;
  /** Kernel taps a·kW + b of the phase as a 2×2 grid, α·2 + β (an axis with one tap repeats it): the i32 table the transforms read. */
  readonly taps: number[];
  /** Offset (elements) of its transformed weights in U (gradInput). */
  readonly uOff: number;
}

const tilesOf = (two: boolean, count: number) => (two ? Math.ceil(count / 2) : count);

function phase(rh: number, rw: number, h: PhaseAxis, w: PhaseAxis, P: number, bytes: number, uOff: number): Phase {
  const taps: number[] = [];
  for (const a of [0, 1]) for (const b of [0, 1]) taps.push(h.taps[Math.min(a, h.taps.length - 1)]! * 3 + w.taps[Math.min(b, w.taps.length - 1)]!);
  return {
    rh, rw, h, w, pts: (h.two ? 3 : 1) * (w.two ? 3 : 1), P, Pr: roundUp(P, tileOf(bytes)), dyRow: roundUp(P, lanesOf(bytes)), taps, uOff,
  };
}

/** The layout of gradInput by phases: dy zero-padded to Hp×Wp (its row 0 on row `before`), the phases of dx. */
export interface PhaseGradInputPlan {
  readonly bh: number;
  readonly bw: number;
  readonly Hp: number;
  readonly Wp: number;
  readonly phases: Phase[];
  /** Largest points × rounded tiles of a phase (V's and M's size per channel), and Σ points (U's). */
  readonly maxPtsPr: number;
  readonly sumPts: number;
}

/**
 * gradInput's phases along one axis (layer-plan.ts axisPhases: dx[u] for u + pad = 2·U + ρ
 * reads padded dy at shifts[i] + U − Umin): taps ordered by shift, which must be consecutive;
 * null when a phase with pixels has no taps or more than two.
 */
function inputAxes(size: number, pad: number, outSize: number): { before: number; length: number; axes: PhaseAxis[] } | null {
  const ax = axisPhases(size, pad, 2, 1, 3, outSize);
  const axes: PhaseAxis[] = [];
  let length = ax.before + outSize;
  for (let rho = 0; rho < 2; rho++) {
    const ph = ax.phases[rho]!;
    if (ph.count === 0) continue;
    if (ph.taps.length < 1 || ph.taps.length > 2) return null;
    const order = ph.taps.map((a, i) => ({ a, s: ph.shifts[i]! })).sort((p, q) => p.s - q.s);
    if (order.length === 2 && order[1]!.s !== order[0]!.s + 1) return null;
    const two = order.length === 2;
    const T = tilesOf(two, ph.count);
    const base = order[0]!.s;
    length = Math.max(length, base + (two ? 2 * T + 1 : T));
    axes.push({ rho, two, taps: order.map((o) => o.a), T, count: ph.count, Umin: ph.Umin, base });
  }
  return { before: ax.before, length, axes };
}

export function phaseGradInputPlan(g: LayerGeometry, bytes: number): PhaseGradInputPlan | null {
  const rows = inputAxes(g.H, g.pt, g.Ho);
  const cols = inputAxes(g.W, g.pl, g.Wo);
  if (!rows || !cols) return null;
  const phases: Phase[] = [];
  let uOff = 0;
  let maxPtsPr = 0;
  let sumPts = 0;
  for (const h of rows.axes) {
    for (const w of cols.axes) {
      const f = phase(h.rho, w.rho, h, w, h.T * w.T, bytes, uOff);
      phases.push(f);
      uOff += f.pts * g.Cin * g.Cout;
      maxPtsPr = Math.max(maxPtsPr, f.pts * f.Pr);
      sumPts += f.pts;
    }
  }
  return { bh: rows.before, bw: cols.before, Hp: rows.length, Wp: cols.length, phases, maxPtsPr, sumPts };
}

/** gradInput by phases (layer-phase-winograd.ts): phaseShape layers with ≥ MIN_PIXELS output pixels per image. */
export function usesPhaseWinograd(g: LayerGeometry, bytes: number): boolean {
  return phaseShape(g, bytes) && g.Ho * g.Wo >= MIN_PIXELS && phaseGradInputPlan(g, bytes) !== null;
}

/**
 * Its buffers: dy, dy padded (one image, and slack for the SIMD patch loads), W, U packed for the
 * GEMM (Σ points · Cin·Cout), zero bias (9·Cin), the one-tap table, the phases' tap tables (4 i32
 * each), V (points · Cout · Pr and slack), M (points · Cin · Pr), dx.
 */
export function phaseGradInputBuffers(g: LayerGeometry, bytes: number): number[] {
  const p = phaseGradInputPlan(g, bytes)!;
  const { N, Cin, H, W, Cout, Ho, Wo } = g;
  const one = Math.ceil(4 / bytes);
  return [
    N * Cout * Ho * Wo, Cout * p.Hp * p.Wp + 2 * tileOf(bytes), Cout * Cin * 9, p.sumPts * Cin * Cout,
    9 * Cin, one, Math.ceil((16 * p.phases.length) / bytes),
    p.maxPtsPr * Cout + tileOf(bytes), p.maxPtsPr * Cin, N * Cin * H * W,
  ];
}

/** The layout of gradWeight by phases: x's stride-phase planes Hph×Wph, dy zero-padded to Hq×Wq, the tap phases. */
export interface PhaseGradWeightPlan {
  readonly Hph: number;
  readonly Wph: number;
  readonly Hq: number;
  readonly Wq: number;
  /** True when dy needs no padding (even Ho and Wo): it is read in place. */
  readonly dyDirect: boolean;
  readonly phases: Phase[];
  /** Largest points × NPr and points × dyRow of a phase (V's and dy tiles' sizes per channel). */
  readonly maxV: number;
  readonly maxE: number;
  /** The widest GEMM (9 groups of a 1×1 gradWeight over the most tiles of a phase): sizes its scratch. */
  readonly gemm: LayerGeometry;
}

export function phaseGradWeightPlan(g: LayerGeometry, bytes: number): PhaseGradWeightPlan {
  // Phase ρ of an axis: taps a ≡ ρ (mod 2), read from plane row (or column) i + ⌊a/2⌋.
  const axis = (rho: number, outSize: number): PhaseAxis => {
    const taps = rho === 0 ? [0, 2] : [1];
    const two = taps.length === 2;
    return { rho, two, taps, T: tilesOf(two, outSize), count: outSize, Umin: 0, base: 0 };
  };
  const phases: Phase[] = [];
  let maxV = 0;
  let maxE = 0;
  let maxNP = 0;
  for (let rh = 0; rh < 2; rh++) {
    for (let rw = 0; rw < 2; rw++) {
      const h = axis(rh, g.Ho);
      const w = axis(rw, g.Wo);
      const f = phase(rh, rw, h, w, g.N * h.T * w.T, bytes, 0);
      phases.push(f);
      maxV = Math.max(maxV, f.pts * f.Pr);
      maxE = Math.max(maxE, f.pts * f.dyRow);
      maxNP = Math.max(maxNP, f.P);
    }
  }
  const gemm: LayerGeometry = {
    N: 1, Cin: 9 * g.Cin, H: 1, W: maxNP, Cout: 9 * g.Cout, kH: 1, kW: 1, groups: 9, sh: 1, sw: 1, dh: 1, dw: 1,
    pt: 0, pb: 0, pl: 0, pr: 0, Ho: 1, Wo: maxNP,
  };
  const Th = Math.ceil(g.Ho / 2);
  const Tw = Math.ceil(g.Wo / 2);
  return {
    Hph: 2 * Th + 1, Wph: 2 * Tw + 1, Hq: 2 * Th, Wq: 2 * Tw, dyDirect: 2 * Th === g.Ho && 2 * Tw === g.Wo, phases, maxV, maxE, gemm,
  };
}

/**
 * Its buffers: x, dy, x's planes (and slack for the SIMD patch loads), dy padded (unless
 * dyDirect), V (points · Cin · NPr and slack), dy's tiles (points · Cout · dyRow), the one-tap
 * table, the GEMM's scratch and run table, its sums (9·Cout·Cin), the phases' tap tables (4 i32
 * each), dw.
 */
export function phaseGradWeightBuffers(g: LayerGeometry, bytes: number): number[] {
  const p = phaseGradWeightPlan(g, bytes);
  const { N, Cin, H, W, Cout, Ho, Wo } = g;
  return [
    N * Cin * H * W, N * Cout * Ho * Wo, N * Cin * 4 * p.Hph * p.Wph + 2 * tileOf(bytes), p.dyDirect ? 0 : N * Cout * p.Hq * p.Wq,
    p.maxV * Cin + tileOf(bytes), p.maxE * Cout, Math.ceil(4 / bytes),
    gradWeightScratch(p.gemm, bytes), gradWeightRunTable(p.gemm, bytes), 9 * Cout * Cin, Math.ceil((16 * p.phases.length) / bytes), Cout * Cin * 9,
  ];
}

/** gradWeight by phases: phaseShape layers with ≥ WEIGHT_MIN_TILES 2×2 tiles of dy over all images, Wo ≤ WEIGHT_MAX_WIDTH, within WEIGHT_MAX_BYTES. */
export function usesPhaseWinogradWeight(g: LayerGeometry, bytes: number): boolean {
  return phaseShape(g, bytes) && g.Wo <= WEIGHT_MAX_WIDTH && g.N * Math.ceil(g.Ho / 2) * Math.ceil(g.Wo / 2) >= WEIGHT_MIN_TILES &&
    phaseGradWeightBuffers(g, bytes).reduce((s, e) => s + e, 0) * bytes <= WEIGHT_MAX_BYTES;
}
