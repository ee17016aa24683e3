// The benchmark suite (no I/O): which photo, kernel size, geometry and seed each case uses, and
// the loop that runs deconvolveBlind on them and summarises. Shared by node.mjs and the page.
import { makeCase } from './cases.mjs';
import { scoreCase } from './score.mjs';

export const SIZES = [9, 13, 17, 21, 25, 27, 31, 15, 19, 23, 11, 29];

/** Kernel sizes of the harder cases: the range of real camera-shake benchmarks (13–27 px), the large end twice. */
export const HARD_SIZES = [23, 25, 27, 13, 17, 21, 25, 27, 15, 19, 23, 27, 25, 21, 27, 23];

/**
 * Case i: photo i mod count, a kernel size from SIZES, geometry alternating 'same' / 'valid'.
 * Cases 100 + j are the harder set: always 'valid' (a real photo's frame sees the scene
 * around it), kernels from HARD_SIZES, and in turn JPEG quantisation (quality 75–95), saturated
 * highlights (exposure × 1.15–1.4, clipped after the blur), both, or neither; half of them with a
 * path that fills its box (shakeKernel's `fill`); a third blurred in linear light and then
 * gamma-encoded.
 */
export function caseSpec(i, photoCount) {
  if (i < 100) return { photo: i % photoCount, size: SIZES[i % SIZES.length], geometry: i % 2 === 0 ? 'same' : 'valid', seed: 1000 + i, harder: {} };
  const j = i - 100;
  const r = ((j * 7919) % 101) / 100; // a fixed spread in [0, 1) per case
  const harder = {};
  if (j % 4 === 1 || j % 4 === 3) harder.jpegQuality = Math.round(75 + 20 * r);
  if (j % 4 === 2 || j % 4 === 3) harder.gain = 1.15 + 0.25 * r;
  // Every other pair: the path fills the box (the size is its extent rounded up to odd).
  if (j % 4 >= 2 ? j % 8 < 4 : j % 8 >= 4) harder.fill = true;
  // Every third: blurred in linear light, then gamma-encoded (2.2), as a camera's JPEG is.
  if (j % 3 === 1) harder.gamma = 2.2;
  return { photo: j % photoCount, size: HARD_SIZES[j % HARD_SIZES.length], geometry: 'valid', seed: 5000 + j, harder };
}

/** The case numbers of a suite: 'standard' 0…count−1, 'hard' 100…100+count−1. */
export function caseIds(suite, count) {
  return Array.from({ length: count }, (_, k) => (suite === 'hard' ? 100 : 0) + k);
}

export function median(v) {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** FNV-1a over the kernel's float64 bits: equal digests mean bit-identical kernels. */
export function digest(data) {
  const bytes = new Uint8Array(Float64Array.from(data).buffer);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Case i of the suite: blind deconvolution, timing and scores; photos: [{ name, data, rows, cols }]. */
export function runCase(cg, deblur, photos, i) {
    const spec = caseSpec(i, photos.length);
    const p = photos[spec.photo];
    const c = makeCase(p.data, p.rows, p.cols, spec.size, spec.geometry, spec.seed, 255, spec.harder);
    const t0 = performance.now();
    const cpu0 = typeof process === 'undefined' ? 0 : process.cpuUsage().user;
    const res = cg.deconvolveBlind({ data: c.y, rows: c.N, cols: c.N }, { rows: c.size, cols: c.size });
    const ms = performance.now() - t0;
    const cpuMs = typeof process === 'undefined' ? NaN : (process.cpuUsage().user - cpu0) / 1000;
    const { ratio, similarity } = scoreCase(deblur, c, res.kernel.data);
    const extra = [spec.harder.fill ? 'fill' : '', c.jpegQuality ? `jpeg q${c.jpegQuality}` : '', c.gain > 1 ? `sat ×${c.gain.toFixed(2)}` : '', c.gamma !== 1 ? `γ${c.gamma}` : ''].filter(Boolean).join(' ');
    return { case: i, photo: p.name, size: c.size, geometry: c.geometry, extra, sigma255: c.sigma * 255, ratio, similarity, ms, cpuMs, converged: res.converged, digest: digest(res.kernel.data) };
}

/** Per-case rows → the summary the benchmark reports. */
export function summarise(rows) {
  const count = rows.length;
  const ratios = rows.map((r) => r.ratio);
  const up27 = rows.filter((r) => r.size <= 27).map((r) => r.ms);
  return {
      count,
      success2: rows.filter((r) => r.ratio <= 2).length / count,
      success3: rows.filter((r) => r.ratio <= 3).length / count,
      meanRatio: ratios.reduce((a, b) => a + b, 0) / count,
      medianRatio: median(ratios),
      meanSimilarity: rows.reduce((a, r) => a + r.similarity, 0) / count,
      medianMs: median(rows.map((r) => r.ms)),
      medianCpuMs: median(rows.map((r) => r.cpuMs)),
      medianMsUpTo27: up27.length ? median(up27) : NaN,
  };
}

/** Runs the given cases; returns per-case rows and the summary. */
export function runSuite(cg, deblur, photos, ids, log = () => {}) {
  const rows = [];
  for (const i of ids) {
    const row = runCase(cg, deblur, photos, i);
    rows.push(row);
    log(row);
  }
  return { rows, summary: summarise(rows) };
}
