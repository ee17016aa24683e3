// Layouts of the WebAssembly Conv2D layer kernels (assembly/layer-*.ts), worked out from the
// geometry alone: stride-phase planes, tap offset tables, wide outputs and their slack, and the
// transposed convolution's stride phases for gradInput. Pure arithmetic, no memory touched,
// so checkFits can size a call before anything is allocated.
import type { LayerGeometry } from '../layer/kernels.js';

/** f32x4 / f64x2: the element count of one v128. */
export const lanesOf = (bytes: number): number => 16 / bytes;
/** Wide pixels per 1-channel tile (4 vectors), the largest tile: outputs are rounded up to it. */
export const tileOf = (bytes: number): number => 4 * lanesOf(bytes);
export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** The padded input as stride-phase planes, and the forward's taps as shifts inside them. */
export interface PlanePlan {
  /** Planes are Hph×Wph; one channel holds sh·sw of them (chanElems elements). */
  readonly Hph: number;
  readonly Wph: number;
  readonly chanElems: number;
  /** True when the planes are the input itself (stride 1, no padding): no copy is made. */
  readonly direct: boolean;
  /** Per tap (a·kW + b order): element offset into a channel's planes. */
  readonly tapOffsets: Int32Array;
  /** Wide output pixels Ho·Wph and their count rounded up to whole tiles. */
  readonly Q: number;
  readonly Qr: number;
  /** Elements read past the last plane by whole tiles and garbage columns. */
  readonly slack: number;
}

/** The last plan made: a call asks for its geometry's plan several times (sizes, buffers, the kernel). */
let lastPlan: { g: LayerGeometry; bytes: number; plan: PlanePlan } | null = null;

export function planePlan(g: LayerGeometry, bytes: number): PlanePlan {
  if (lastPlan && lastPlan.g === g && lastPlan.bytes === bytes) return lastPlan.plan;
  const plan = makePlanePlan(g, bytes);
  lastPlan = { g, bytes, plan };
  return plan;
}

function makePlanePlan(g: LayerGeometry, bytes: number): PlanePlan {
  const { H, W, kH, kW, sh, sw, dh, dw, pt, pb, pl, pr, Ho } = g;
  const direct = sh === 1 && sw === 1 && pt === 0 && pb === 0 && pl === 0 && pr === 0;
  const Hph = Math.ceil((H + pt + pb) / sh);
  const Wph = Math.ceil((W + pl + pr) / sw);
  const planeElems = Hph * Wph;
  const tapOffsets = new Int32Array(kH * kW);
  for (let a = 0; a < kH; a++) {
    for (let b = 0; b < kW; b++) {
      const plane = ((a * dh) % sh) * sw + ((b * dw) % sw);
      tapOffsets[a * kW + b] = plane * planeElems + Math.floor((a * dh) / sh) * Wph + Math.floor((b * dw) / sw);
    }
  }
  const Q = Ho * Wph;
  return { Hph, Wph, chanElems: sh * sw * planeElems, direct, tapOffsets, Q, Qr: roundUp(Q, tileOf(bytes)), slack: Wph + tileOf(bytes) };
}

/** One stride phase ρ of one axis of the transposed convolution (gradInput). */
export interface AxisPhase {
  /** Output coordinates u = s·U + ρ − pad for U = Umin … Umin + count − 1 (all inside the image). */
  readonly Umin: number;
  readonly count: number;
  /** Kernel taps that reach this phase, and each one's shift into the padded gradOutput. */
  readonly taps: number[];
  readonly shifts: number[];
}

export interface AxisPhases {
  /** Zeros before gradOutput along this axis, and the padded length. */
  readonly before: number;
  readonly length: number;
  readonly phases: AxisPhase[];
}

/**
 * gradInput along one axis: dx[u] = Σ_{a, i: i·s + a·d − pad = u} w[a]·dy[i]. With u + pad =
 * s·U + ρ, only taps with a·d ≡ ρ (mod s) contribute, from i = U − ⌊a·d/s⌋: a stride-1
 * correlation of gradOutput (padded by `before` zeros) with those taps, per phase ρ.
 */
export function axisPhases(size: number, pad: number, s: number, d: number, k: number, outSize: number): AxisPhases {
  const before = Math.floor(((k - 1) * d) / s);
  let length = before + outSize;
  const phases: AxisPhase[] = [];
  for (let rho = 0; rho < s; rho++) {
    const Umin = Math.ceil((pad - rho) / s);
    const Umax = Math.floor((size - 1 + pad - rho) / s);
    const count = Math.max(0, Umax - Umin + 1);
    const taps: number[] = [];
    const shifts: number[] = [];
    for (let a = 0; a < k; a++) {
      if ((a * d) % s !== rho) continue;
      taps.push(a);
      shifts.push(Umin + before - Math.floor((a * d) / s));
    }
    if (count > 0) length = Math.max(length, Umax + 1 + before);
    phases.push({ Umin, count, taps, shifts });
  }
  return { before, length, phases };
}

/** True when the forward runs the depthwise kernel (assembly/layer-depthwise.ts): one input channel per group. */
export const isDepthwise = (g: LayerGeometry): boolean => g.Cin === g.groups;

/**
 * How the depthwise kernel (assembly/layer-depthwise.ts) lays out one channel: its padded
 * stride-phase planes (planePlan's layout, one channel) and the taps into them.
 */
export interface DepthwisePlan {
  readonly Hph: number;
  readonly Wph: number;
  readonly tapOffsets: Int32Array;
  /** Scratch elements: one channel's planes, slack, and the wide output for rows under a vector. */
  readonly scratch: number;
}

export function depthwisePlan(g: LayerGeometry, bytes: number): DepthwisePlan {
  const p = planePlan(g, bytes);
  const wide = g.Wo < lanesOf(bytes) ? roundUp(p.Q, tileOf(bytes)) : 0;
  return { Hph: p.Hph, Wph: p.Wph, tapOffsets: p.tapOffsets, scratch: p.chanElems + p.slack + wide };
}

/** Bytes of input and output the depthwise forward works on per kernel call. */
const DEPTHWISE_CHUNK_BYTES = 128 * 1024;

/**
 * Input channels per depthwise kernel call: the chunk's input and output stay in L2 between
 * the copy in, the kernel and the copy out, instead of a pass over the whole tensor each.
 */
export function depthwiseChunk(g: LayerGeometry, bytes: number): number {
  const perChannel = (g.H * g.W + (g.Cout / g.Cin) * g.Ho * g.Wo) * bytes;
  const n = Math.max(1, Math.min(g.N * g.Cin, Math.floor(DEPTHWISE_CHUNK_BYTES / perChannel)));
  // Whole images when a chunk holds one or more (see depthwiseForward in layer.ts).
  return n >= g.Cin ? n - (n % g.Cin) : n;
}

/** Element counts of one pass's buffers, in allocation order (i32 tables counted as elements of `bytes`). */
export function forwardBuffers(g: LayerGeometry, bytes: number): number[] {
  const { N, Cin, H, W, Cout, kH, kW, groups, Ho, Wo } = g;
  const p = planePlan(g, bytes);
  const taps = Math.ceil((kH * kW * 4) / bytes);
  const weights = Cout * (Cin / groups) * kH * kW;
  if (isDepthwise(g)) {
    const n = depthwiseChunk(g, bytes);
    // The input chunk first and the weights right after it: assembly/layer-dw3x3s2.ts loads up to
    // two (masked) elements past the chunk's end.
    return [n * H * W, weights, Cout, taps, depthwisePlan(g, bytes).scratch, N * Cout * Ho * Wo];
  }
  return [
    N * Cin * H * W + (p.direct ? p.slack : 0),
    p.direct ? 0 : N * Cin * p.chanElems + p.slack,
    weights, weights, Cout, taps, taps,
    N * Cout * p.Qr,
  ];
}

/**
 * Bytes of one band of gradInput: its padded gradOutput rows and its wide output (half of L2):
 * the band is padded just before its stride phases run over it, so they read it from L2 rather
 * than main memory.
 */
const GRAD_INPUT_BAND_BYTES = 512 * 1024;

export interface GradInputPlan {
  readonly rows: AxisPhases;
  readonly cols: AxisPhases;
  /** True when gradOutput needs no padding: it is read in place, as one band. */
  readonly direct: boolean;
  /** Phase rows U (output rows u + pt = sh·U + ρ) of all phases: Ulo … Uhi − 1. */
  readonly Ulo: number;
  readonly Uhi: number;
  /** Phase rows per band; a band holds padded rows U0 … U0 + bandRows + rows.before − 1. */
  readonly bandRows: number;
  /** Elements per channel of a band (direct: Ho·Wo). */
  readonly bandChan: number;
  /** A band's wide pixel count, rounded up to whole tiles. */
  readonly QrMax: number;
  readonly slack: number;
}

export function gradInputPlan(g: LayerGeometry, bytes: number): GradInputPlan {
  const rows = axisPhases(g.H, g.pt, g.sh, g.dh, g.kH, g.Ho);
  const cols = axisPhases(g.W, g.pl, g.sw, g.dw, g.kW, g.Wo);
  let Ulo = Infinity;
  let Uhi = 0;
  for (const ph of rows.phases) {
    if (ph.count === 0) continue;
    Ulo = Math.min(Ulo, ph.Umin);
    Uhi = Math.max(Uhi, ph.Umin + ph.count);
  }
  const direct = rows.before === 0 && cols.before === 0 && rows.length === g.Ho && cols.length === g.Wo;
  const Wd = cols.length;
  let bandRows = Uhi - Ulo;
  if (!direct) {
    const fit = Math.floor(GRAD_INPUT_BAND_BYTES / ((g.Cout + g.Cin) * Wd * bytes)) - rows.before;
    bandRows = Math.max(1, Math.min(bandRows, fit));
  }
  const tile = tileOf(bytes);
  return {
    rows, cols, direct, Ulo, Uhi, bandRows,
    bandChan: direct ? g.Ho * g.Wo : (bandRows + rows.before) * Wd,
    QrMax: roundUp(bandRows * Wd, tile), slack: Wd + tile,
  };
}

/** One stride phase (ρh, ρw) of gradInput: its rows and columns, and its run of the tap tables. */
export interface GradInputPhase {
  readonly rh: number;
  readonly rw: number;
  readonly ph: AxisPhase;
  readonly pw: AxisPhase;
  /** Index of its first tap in the tables (its packed weights start at first·Cout·Cin/groups). */
  readonly first: number;
  readonly nTaps: number;
}

/**
 * The stride phases of dx that hold pixels, and their taps, one run per phase: `taps` as element
 * offsets into a band of padded gradOutput (the row part relative to the phase row's first
 * padded row, ph.shifts − ph.Umin), `src` as the weight tap a·kW + b each one applies.
 */
export function gradInputPhases(p: GradInputPlan, g: LayerGeometry): { phases: GradInputPhase[]; taps: Int32Array; src: Int32Array } {
  const phases: GradInputPhase[] = [];
  const taps: number[] = [];
  const src: number[] = [];
  const Wd = p.cols.length;
  for (let rh = 0; rh < g.sh; rh++) {
    const ph = p.rows.phases[rh]!;
    if (ph.count === 0) continue;
    for (let rw = 0; rw < g.sw; rw++) {
      const pw = p.cols.phases[rw]!;
      if (pw.count === 0) continue;
      const first = taps.length;
      for (let i = 0; i < ph.taps.length; i++) {
        for (let j = 0; j < pw.taps.length; j++) {
          taps.push((ph.shifts[i]! - ph.Umin) * Wd + pw.shifts[j]!);
          src.push(ph.taps[i]! * g.kW + pw.taps[j]!);
        }
      }
      phases.push({ rh, rw, ph, pw, first, nTaps: taps.length - first });
    }
  }
  return { phases, taps: Int32Array.from(taps), src: Int32Array.from(src) };
}

/**
 * Depthwise gradInput at stride 1, one output channel per input channel, as a depthwise forward
 * pass (assembly/layer-depthwise.ts): dx = dy correlated with each channel's kernel turned 180°,
 * dy padded by the kernel's reach less the forward padding. The geometry of that pass, or null
 * where it does not apply (other strides or multipliers, or a forward padding past the kernel's
 * reach, which would make this one a crop).
 */
export function depthwiseGradInputGeometry(g: LayerGeometry): LayerGeometry | null {
  const { N, Cin, H, W, Cout, kH, kW, dh, dw, pt, pb, pl, pr, Ho, Wo } = g;
  const reachH = dh * (kH - 1), reachW = dw * (kW - 1);
  if (!isDepthwise(g) || Cout !== Cin || g.sh !== 1 || g.sw !== 1) return null;
  if (pt > reachH || pb > reachH || pl > reachW || pr > reachW) return null;
  return {
    N, Cin, H: Ho, W: Wo, Cout, kH, kW, groups: Cin, sh: 1, sw: 1, dh, dw,
    pt: reachH - pt, pb: reachH - pb, pl: reachW - pl, pr: reachW - pr, Ho: H, Wo: W,
  };
}

/**
 * From how many channels both ways, and how many 2×2 tiles (of dx per image for gradInput, of
 * dy over all images for gradWeight), a layer takes the Winograd path. Below, the transforms
 * (∝ channels × pixels) and the weight transform or the GEMM's per-output work (∝ Cin·Cout)
 * cost more than the GEMMs save (interleaved A/B, float32, gradInput: 16 channels at 112²
 * 0.87×, 512 at 7² 0.52×, 32 at 56² 1.8×, 64 at 16² 1.4×; gradWeight: 64 channels over 64
 * tiles 0.94–1.02×, over 121 1.13×, over 128 1.27×).
 */
const WINOGRAD_MIN_CHANNELS = 32;
const WINOGRAD_MIN_TILES = 64;
const WINOGRAD_WEIGHT_MIN_TILES = 100;

/** The layers either Winograd path may take: float32, one group, a 3×3 kernel, stride and dilation 1, enough channels. */
function winogradShape(g: LayerGeometry, bytes: number): boolean {
  return bytes === 4 && g.groups === 1 && g.kH === 3 && g.kW === 3 && g.sh === 1 && g.sw === 1 && g.dh === 1 && g.dw === 1 &&
    g.Cin >= WINOGRAD_MIN_CHANNELS && g.Cout >= WINOGRAD_MIN_CHANNELS;
}

/**
 * gradInput by Winograd F(2×2, 3×3) (assembly/layer-winograd.ts), for winogradShape layers with
 * at least WINOGRAD_MIN_TILES tiles of dx per image: 2.25× fewer multiply-adds than the direct
 * GEMM, and float32 error of the same order (the transforms' ±, ½).
 */
export function usesWinograd(g: LayerGeometry, bytes: number): boolean {
  return winogradShape(g, bytes) && Math.ceil(g.H / 2) * Math.ceil(g.W / 2) >= WINOGRAD_MIN_TILES;
}

/**
 * The layout of a Winograd pass whose outputs are images of `outH`×`outW` (dx for gradInput, y
 * for the forward): tiles of 2×2 outputs, the input padded to cover their 4×4 patches.
 */
export interface WinogradPlan {
  /** Tiles per column and row; P = Th·Tw, Pr rounded up to whole GEMM tiles (V's and M's channel stride). */
  readonly Th: number;
  readonly Tw: number;
  readonly P: number;
  readonly Pr: number;
  /** Padded input: Hp×Wp per channel; its row 0 lands on row `top`, its column 0 on column `left`. */
  readonly Hp: number;
  readonly Wp: number;
  readonly top: number;
  readonly left: number;
}

function tilePlan(outH: number, outW: number, top: number, left: number, bytes: number): WinogradPlan {
  const Th = Math.ceil(outH / 2);
  const Tw = Math.ceil(outW / 2);
  const P = Th * Tw;
  return { Th, Tw, P, Pr: roundUp(P, tileOf(bytes)), Hp: 2 * Th + 2, Wp: 2 * Tw + 2, top, left };
}

/** gradInput: dx[u] = Σ_a W[2 − a] · dy[u + a − (2 − pt)]: dy shifted by 2 − pt (negative: cropped). */
export const winogradPlan = (g: LayerGeometry, bytes: number): WinogradPlan => tilePlan(g.H, g.W, 2 - g.pt, 2 - g.pl, bytes);

/** Forward: y[i] = Σ_a W[a] · x[i + a − pt]: x shifted by pt. */
export const winogradForwardPlan = (g: LayerGeometry, bytes: number): WinogradPlan => tilePlan(g.Ho, g.Wo, g.pt, g.pl, bytes);

/** The forward by Winograd F(2×2, 3×3), for winogradShape layers with at least WINOGRAD_MIN_TILES tiles of y per image. */
export function usesWinogradForward(g: LayerGeometry, bytes: number): boolean {
  return winogradShape(g, bytes) && Math.ceil(g.Ho / 2) * Math.ceil(g.Wo / 2) >= WINOGRAD_MIN_TILES;
}

/**
 * Winograd gradInput's (or, `forward`, the forward's) buffers: the input (dy or x), it padded
 * (one image), W, U, packed U, zero bias (16 × outputs), the bias, the one-tap tables, V (16 ×
 * inputs × Pr + slack), M (16 × outputs × Pr), the output (dx or y). checkFits reserves the
 * larger of these and the direct path's: non-finite inputs fall back to that.
 */
export function winogradBuffers(g: LayerGeometry, bytes: number, forward = false): number[] {
  const { N, Cin, H, W, Cout, Ho, Wo } = g;
  const p = forward ? winogradForwardPlan(g, bytes) : winogradPlan(g, bytes);
  const [inC, outC] = forward ? [Cin, Cout] : [Cout, Cin];
  const weights = Cout * Cin * 9;
  const one = Math.ceil(4 / bytes);
  return [
    forward ? N * Cin * H * W : N * Cout * Ho * Wo, inC * p.Hp * p.Wp, weights, 16 * weights / 9, 16 * weights / 9, 16 * outC, outC, one, one,
    16 * inC * p.Pr + tileOf(bytes), 16 * outC * p.Pr, forward ? N * Cout * Ho * Wo : N * Cin * H * W,
  ];
}

/** Bytes past which gradWeight stays direct: its Winograd buffers hold every image's tiles at once. */
const WINOGRAD_WEIGHT_MAX_BYTES = 256 * 1024 * 1024;

/**
 * gradWeight by Winograd F(2×2, 3×3) (assembly/layer-winograd.ts), for winogradShape layers with
 * at least WINOGRAD_WEIGHT_MIN_TILES tiles of dy over all images, while its buffers (every image's
 * tiles at once) stay under WINOGRAD_WEIGHT_MAX_BYTES.
 */
export function usesWinogradWeight(g: LayerGeometry, bytes: number): boolean {
  return winogradShape(g, bytes) && g.N * Math.ceil(g.Ho / 2) * Math.ceil(g.Wo / 2) >= WINOGRAD_WEIGHT_MIN_TILES &&
    winogradWeightBuffers(g, bytes).reduce((s, e) => s + e, 0) * bytes <= WINOGRAD_WEIGHT_MAX_BYTES;
}

/** The Winograd gradWeight's layout: 2×2 tiles over the output (dy), all images' tiles in a row. */
export interface WinogradWeightPlan {
  readonly Th: number;
  readonly Tw: number;
  /** Tiles of all images, N·Th·Tw; V's channel stride NPr (whole GEMM tiles), dy tiles' dyRow (whole vectors). */
  readonly NP: number;
  readonly NPr: number;
  readonly dyRow: number;
  /** x padded to Hp×Wp (its row 0 on row pt); dy padded with zeros to Hq×Wq. */
  readonly Hp: number;
  readonly Wp: number;
  readonly Hq: number;
  readonly Wq: number;
  /** The 16-group 1×1 gradWeight problem the GEMM solves (sizes its scratch). */
  readonly gemm: LayerGeometry;
}

export function winogradWeightPlan(g: LayerGeometry, bytes: number): WinogradWeightPlan {
  const Th = Math.ceil(g.Ho / 2);
  const Tw = Math.ceil(g.Wo / 2);
  const NP = g.N * Th * Tw;
  const gemm: LayerGeometry = {
    N: 1, Cin: 16 * g.Cin, H: 1, W: NP, Cout: 16 * g.Cout, kH: 1, kW: 1, groups: 16, sh: 1, sw: 1, dh: 1, dw: 1,
    pt: 0, pb: 0, pl: 0, pr: 0, Ho: 1, Wo: NP,
  };
  return {
    Th, Tw, NP, NPr: roundUp(NP, tileOf(bytes)), dyRow: roundUp(NP, lanesOf(bytes)),
    Hp: 2 * Th + 2, Wp: 2 * Tw + 2, Hq: 2 * Th, Wq: 2 * Tw, gemm,
  };
}

/**
 * Winograd gradWeight's buffers: x, dy, padded x and padded dy (one image each), V (16·Cin·NPr
 * and slack), dy's tiles (16·Cout·dyRow), the one-tap table, the GEMM's scratch and run table,
 * its 16 sums (16·Cout·Cin), dw.
 */
export function winogradWeightBuffers(g: LayerGeometry, bytes: number): number[] {
  const { N, Cin, H, W, Cout, Ho, Wo } = g;
  const p = winogradWeightPlan(g, bytes);
  return [
    N * Cin * H * W, N * Cout * Ho * Wo, Cin * p.Hp * p.Wp, Cout * p.Hq * p.Wq,
    16 * Cin * p.NPr + p.NP + tileOf(bytes), 16 * Cout * p.dyRow, Math.ceil(4 / bytes),
    gradWeightScratch(p.gemm, bytes), gradWeightRunTable(p.gemm, bytes), 16 * Cout * Cin, Cout * Cin * 9,
  ];
}

export function gradInputBuffers(g: LayerGeometry, bytes: number): number[] {
  const transposed = depthwiseGradInputGeometry(g);
  if (transposed) return forwardBuffers(transposed, bytes);
  const { N, Cin, H, W, Cout, kH, kW, groups, Ho, Wo } = g;
  const p = gradInputPlan(g, bytes);
  const taps = Math.ceil((kH * kW * 4) / bytes);
  const weights = Cout * (Cin / groups) * kH * kW;
  return [
    N * Cout * Ho * Wo + (p.direct ? p.slack : 0),
    p.direct ? 0 : Cout * p.bandChan + p.slack,
    weights, weights, Cin, taps, taps,
    Cin * p.QrMax,
    N * Cin * H * W,
  ];
}

/**
 * dy rows for gradWeight: `rows` rows of `cols` pixels, each padded with zeros to `dyRow` (whole
 * vectors); direct when no padding is needed. When the planes have no columns past Wo (1×1
 * kernels) the Ho×Wo pixels are one long row: fewer, longer vector loops.
 */
export function gradWeightRows(g: LayerGeometry, bytes: number): { rows: number; cols: number; dyRow: number; direct: boolean } {
  const flat = planePlan(g, bytes).Wph === g.Wo;
  const rows = flat ? 1 : g.Ho;
  const cols = flat ? g.Ho * g.Wo : g.Wo;
  const dyRow = roundUp(cols, lanesOf(bytes));
  return { rows, cols, dyRow, direct: dyRow === cols };
}

/** Elements of gradWeight's scratch: enough for the one-tap GEMM (gradWeightGemmScratch) and for the dot kernels (dotScratch). */
export function gradWeightScratch(g: LayerGeometry, bytes: number): number {
  // One tap: the GEMM's scratch for up to its pixel bound (a caller may run smaller problems in
  // this scratch, e.g. the stride-phase paths' phases, each of up to N·Ho·Wo pixels).
  const gemm = g.kH * g.kW === 1 ? gradWeightGemmScratch(g, Math.min(g.N * g.Ho * g.Wo, GRAD_WEIGHT_GEMM_MAX_PIXELS), bytes) : 0;
  return Math.max(gemm, dotScratch(g, bytes));
}

/**
 * The dot kernels' SIMD scratch (layer-gradweight.ts, layer-gradweight-runs.ts; blocks of 4
 * output channels or more only): the columns' x offsets (one i32 each, 16-byte aligned), the
 * per-lane partial sums of one block (4 × columns vectors) and that block's dy interleaved (4 ×
 * N·rows·dyRow), or pixel by pixel for the runs kernel (2·lanes channels × N·Ho·Wo).
 */
function dotScratch(g: LayerGeometry, bytes: number): number {
  if (g.Cout / g.groups < 4) return 0;
  const { rows, cols: rowCols, dyRow } = gradWeightRows(g, bytes);
  const cols = (g.Cin / g.groups) * g.kH * g.kW;
  const pack = Math.max(4 * g.N * rows * dyRow, 2 * lanesOf(bytes) * g.N * rows * rowCols);
  return Math.ceil(roundUp(cols * 4, 16) / bytes) + 4 * cols * lanesOf(bytes) + pack;
}

/** Pixels up to which a one-tap gradWeight runs as a GEMM (assembly/layer-gradweight-gemm.ts GEMM_MAX_PIXELS). */
const GRAD_WEIGHT_GEMM_MAX_PIXELS = 512;

/**
 * Elements of the one-tap gradWeight GEMM's scratch (assembly/layer-gradweight-gemm.ts, one group
 * at a time) over P pixels: x transposed to P rows of `ld` (whole tiles; one more when a row is a
 * multiple of 1 KiB) and a tile of slack, dy packed (Cout/groups · P), a zero bias, the tap table
 * and the GEMM's wide output — each part 16-byte aligned, as the kernel lays them out.
 */
function gradWeightGemmScratch(g: LayerGeometry, P: number, bytes: number): number {
  const nOut = g.Cout / g.groups;
  const nRed = g.Cin / g.groups;
  let ld = roundUp(nRed, 16);
  if ((ld * bytes) % 1024 === 0) ld += 16;
  const a16 = (b: number) => roundUp(b, 16);
  const total = a16((P * ld + 16) * bytes) + a16(nOut * P * bytes) + a16(nOut * bytes) + 16 + nOut * ld * bytes;
  return Math.ceil(total / bytes);
}

/** Elements of gradWeight's run table (assembly/layer-gradweight-runs.ts buildRuns): 24 + 4 + 1 bytes a tap. */
export function gradWeightRunTable(g: LayerGeometry, bytes: number): number {
  const taps = g.kH * g.kW;
  return Math.ceil((taps * 24 + roundUp(taps, 16) + taps * 4) / bytes);
}

export function gradWeightBuffers(g: LayerGeometry, bytes: number): number[] {
  const { N, Cin, H, W, Cout, kH, kW, groups, Ho, Wo } = g;
  if (isDepthwise(g)) {
    // assembly/layer-dwgrad.ts: x, dy, taps, one channel's planes (and 3 sums), dw.
    return [N * Cin * H * W, N * Cout * Ho * Wo, Math.ceil((kH * kW * 4) / bytes), depthwisePlan(g, bytes).scratch + 3, Cout * kH * kW];
  }
  const p = planePlan(g, bytes);
  const { rows, dyRow, direct } = gradWeightRows(g, bytes);
  const taps = Math.ceil((kH * kW * 4) / bytes);
  return [
    N * Cin * H * W + (p.direct ? p.slack : 0),
    p.direct ? 0 : N * Cin * p.chanElems + p.slack,
    N * Cout * Ho * Wo,
    direct ? 0 : N * Cout * rows * dyRow,
    taps,
    Cout * (Cin / groups) * kH * kW,
    gradWeightScratch(g, bytes),
    gradWeightRunTable(g, bytes),
  ];
}

export function gradBiasBuffers(g: LayerGeometry): number[] {
  return [g.N * g.Cout * g.Ho * g.Wo, g.Cout];
}
