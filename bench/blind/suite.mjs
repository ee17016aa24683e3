// The benchmark suite (no I/O): which photo, kernel size, geometry and seed each case uses, and
// the loop that runs deconvolveBlind on them and summarises. Shared by node.mjs and the page.
import { makeCase } from './cases.mjs';
import { scoreCase } from './score.mjs';

export const SIZES = [9, 13, 17, 21, 25, 27, 31, 15, 19, 23, 11, 29];

/** Case i: photo i mod count, a kernel size from SIZES, geometry alternating 'same' / 'valid'. */
export function caseSpec(i, photoCount) {
  return { photo: i % photoCount, size: SIZES[i % SIZES.length], geometry: i % 2 === 0 ? 'same' : 'valid', seed: 1000 + i };
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
    const c = makeCase(p.data, p.rows, p.cols, spec.size, spec.geometry, spec.seed);
    const t0 = performance.now();
    const cpu0 = typeof process === 'undefined' ? 0 : process.cpuUsage().user;
    const res = cg.deconvolveBlind({ data: c.y, rows: c.N, cols: c.N }, { rows: c.size, cols: c.size });
    const ms = performance.now() - t0;
    const cpuMs = typeof process === 'undefined' ? NaN : (process.cpuUsage().user - cpu0) / 1000;
    const { ratio, similarity } = scoreCase(deblur, c, res.kernel.data);
    return { case: i, photo: p.name, size: c.size, geometry: c.geometry, sigma255: c.sigma * 255, ratio, similarity, ms, cpuMs, converged: res.converged, digest: digest(res.kernel.data) };
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

/** Runs cases 0 … count−1; returns per-case rows and the summary. */
export function runSuite(cg, deblur, photos, count, log = () => {}) {
  const rows = [];
  for (let i = 0; i < count; i++) {
    const row = runCase(cg, deblur, photos, i);
    rows.push(row);
    log(row);
  }
  return { rows, summary: summarise(rows) };
}
