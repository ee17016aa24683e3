// Synthetic camera-shake test cases for the blind deconvolution benchmark (no I/O: runs in Node
// and in the browser). Kernels follow Boracchi & Foi 2012, "Modeling the performance of image
// restoration from motion blur": a random camera trajectory with inertia (a velocity that turns
// gradually, pulled back to the origin) and occasional impulsive jerks, sampled finely and
// splatted bilinearly onto the pixel grid.

/** A seeded PRNG (mulberry32) with uniform() and normal(). */
export function rng(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = Math.max(uniform(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

/** A random camera-shake trajectory: numT complex positions (as [re, im] pairs). */
function trajectory(r, numT = 2000) {
  const anxiety = 0.005 + 0.1 * r.uniform();
  const maxLength = 64;
  const centripetal = 0.7 * r.uniform();
  const probBigShake = 0.2 * r.uniform();
  const gaussianTerm = 10 * r.uniform();
  const angle = 2 * Math.PI * r.uniform();
  const step = maxLength / (numT - 1);
  let vr = Math.cos(angle) * anxiety;
  let vi = Math.sin(angle) * anxiety;
  const xr = new Float64Array(numT);
  const xi = new Float64Array(numT);
  for (let t = 0; t < numT - 1; t++) {
    let nr = 0;
    let ni = 0;
    if (r.uniform() < probBigShake * anxiety) {
      // A jerk: turn back by about π.
      const phi = Math.PI + (r.uniform() - 0.5);
      nr = 2 * (vr * Math.cos(phi) - vi * Math.sin(phi));
      ni = 2 * (vr * Math.sin(phi) + vi * Math.cos(phi));
    }
    vr += nr + anxiety * (gaussianTerm * r.normal() - centripetal * xr[t]) * step;
    vi += ni + anxiety * (gaussianTerm * r.normal() - centripetal * xi[t]) * step;
    const m = Math.hypot(vr, vi) || 1;
    vr = (vr / m) * step;
    vi = (vi / m) * step;
    xr[t + 1] = xr[t] + vr;
    xi[t + 1] = xi[t] + vi;
  }
  return { xr, xi };
}

/**
 * A size×size (odd) camera-shake kernel: the trajectory scaled so its extent spans 40–100% of
 * the kernel's usable width, splatted bilinearly, centred by its centre of mass, Σ = 1. With
 * `fill`, the trajectory spans 90–100% of the whole box and is centred by its bounding box — the
 * box is the blur's extent rounded up to odd, as when a user (or a benchmark) gives the true
 * size: nothing to spare around an asymmetric path.
 */
export function shakeKernel(size, r, fill = false) {
  const { xr, xi } = trajectory(r);
  let minR = Infinity, maxR = -Infinity, minI = Infinity, maxI = -Infinity;
  for (let t = 0; t < xr.length; t++) {
    minR = Math.min(minR, xr[t]); maxR = Math.max(maxR, xr[t]);
    minI = Math.min(minI, xi[t]); maxI = Math.max(maxI, xi[t]);
  }
  const extent = Math.max(maxR - minR, maxI - minI, 1e-9);
  const usable = fill ? size - 1.001 : size - 3;
  const scale = (usable * (fill ? 0.9 + 0.1 * r.uniform() : 0.4 + 0.6 * r.uniform())) / extent;
  const cr = (minR + maxR) / 2;
  const ci = (minI + maxI) / 2;
  const k = new Float64Array(size * size);
  const c = (size - 1) / 2;
  for (let t = 0; t < xr.length; t++) {
    const u = (xi[t] - ci) * scale + c; // row
    const v = (xr[t] - cr) * scale + c; // column
    const i0 = Math.floor(u), j0 = Math.floor(v);
    const fu = u - i0, fv = v - j0;
    const add = (i, j, w) => { if (i >= 0 && j >= 0 && i < size && j < size) k[i * size + j] += w; };
    add(i0, j0, (1 - fu) * (1 - fv)); add(i0, j0 + 1, (1 - fu) * fv);
    add(i0 + 1, j0, fu * (1 - fv)); add(i0 + 1, j0 + 1, fu * fv);
  }
  if (!fill) centre(k, size);
  let s = 0;
  for (const v of k) s += v;
  for (let i = 0; i < k.length; i++) k[i] /= s;
  return k;
}

function centre(k, size) {
  let sr = 0, sc = 0, s = 0;
  for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) { const v = k[a * size + b]; sr += a * v; sc += b * v; s += v; }
  const c = (size - 1) / 2;
  const dr = Math.round(c - sr / s), dc = Math.round(c - sc / s);
  const src = Float64Array.from(k);
  k.fill(0);
  for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) {
    const sa = a - dr, sb = b - dc;
    if (sa >= 0 && sb >= 0 && sa < size && sb < size) k[a * size + b] = src[sa * size + sb];
  }
}

/** Plain float64 'full'-then-cropped convolution: out (R×C) = crop of x ∗ k at (r0, c0). */
export function convolve(x, m, n, k, ks, R, C, r0, c0) {
  const out = new Float64Array(R * C);
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) {
    let s = 0;
    for (let a = 0; a < ks; a++) {
      const xi = i + r0 - a;
      if (xi < 0 || xi >= m) continue;
      for (let b = 0; b < ks; b++) {
        const xj = j + c0 - b;
        if (xj < 0 || xj >= n) continue;
        s += k[a * ks + b] * x[xi * n + xj];
      }
    }
    out[i * C + j] = s;
  }
  return out;
}

// Standard JPEG luminance quantisation table (ITU-T T.81 Annex K), row-major 8×8.
const JPEG_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
  49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/**
 * In place: y (N×N in [0, 1]) through JPEG's lossy step — 8×8 block DCT-II of the 8-bit values,
 * coefficients rounded to the luminance table scaled for `quality` (libjpeg's rule), inverse DCT,
 * 8-bit rounding. Blocking and ringing artefacts as a camera's JPEG has (no chroma: one channel).
 */
export function jpegQuantise(y, N, quality) {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  const q = JPEG_LUMA.map((v) => Math.min(Math.max(Math.floor((v * scale + 50) / 100), 1), 255));
  const cos = new Float64Array(64);
  for (let u = 0; u < 8; u++) for (let x = 0; x < 8; x++) cos[u * 8 + x] = Math.cos(((2 * x + 1) * u * Math.PI) / 16) * (u === 0 ? Math.SQRT1_2 : 1) / 2;
  const block = new Float64Array(64);
  const coef = new Float64Array(64);
  for (let bi = 0; bi < N; bi += 8) for (let bj = 0; bj < N; bj += 8) {
    // Edge blocks replicate the last row/column (as encoders pad).
    for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) block[a * 8 + b] = y[Math.min(bi + a, N - 1) * N + Math.min(bj + b, N - 1)] * 255 - 128;
    for (let u = 0; u < 8; u++) for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) s += cos[u * 8 + a] * cos[v * 8 + b] * block[a * 8 + b];
      coef[u * 8 + v] = Math.round(s / q[u * 8 + v]) * q[u * 8 + v];
    }
    for (let a = 0; a < 8 && bi + a < N; a++) for (let b = 0; b < 8 && bj + b < N; b++) {
      let s = 0;
      for (let u = 0; u < 8; u++) for (let v = 0; v < 8; v++) s += cos[u * 8 + a] * cos[v * 8 + b] * coef[u * 8 + v];
      y[(bi + a) * N + bj + b] = Math.min(Math.max(Math.round(s + 128), 0), 255) / 255;
    }
  }
}

/**
 * One case: a 255×255 blurred crop of `photo` (H×W gray in [0, 1]) with a random shake kernel of
 * `size`, geometry 'same' (y = conv2d(x, k, 'same'): zeros outside the frame) or 'valid' (the
 * frame sees the blur of the scene around it), Gaussian noise σ ∈ [0, 1/255], 8-bit quantised.
 * Returns the sharp x (255×255, aligned with y), y, the true kernel and the parameters.
 */
export function makeCase(photo, H, W, size, geometry, seed, N = 255, harder = {}) {
  const r = rng(seed);
  const kernel = shakeKernel(size, r, harder.fill ?? false);
  const pad = geometry === 'valid' ? size - 1 : 0;
  const m = N + pad;
  const top = Math.floor(r.uniform() * (H - m + 1));
  const left = Math.floor(r.uniform() * (W - m + 1));
  const scene = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) scene[i * m + j] = photo[(top + i) * W + left + j];
  const c = (size - 1) / 2;
  const blurred = geometry === 'valid'
    ? convolve(scene, m, m, kernel, size, N, N, size - 1, size - 1)
    : convolve(scene, m, m, kernel, size, N, N, c, c);
  const sigma = r.uniform() / 255;
  // Saturation: the exposure is raised by `gain`, so highlights exceed the sensor's range and
  // clip after the blur (the blurred streaks of bright spots are cut flat), as in real photos.
  const gain = harder.gain ?? 1;
  // Gamma: the photo's values are taken as sRGB-like encoded (v^2.2 linear light); the blur and
  // the noise happen in linear light and the camera encodes the result again — the blur is then
  // not a convolution of the encoded values, as in most real JPEGs.
  const gamma = harder.gamma ?? 1;
  if (gamma !== 1) {
    const lin = scene.map((v) => v ** gamma);
    const b = geometry === 'valid' ? convolve(lin, m, m, kernel, size, N, N, size - 1, size - 1) : convolve(lin, m, m, kernel, size, N, N, c, c);
    for (let i = 0; i < blurred.length; i++) blurred[i] = Math.max(b[i], 0) ** (1 / gamma);
  }
  const y = new Float64Array(N * N);
  for (let i = 0; i < y.length; i++) y[i] = Math.round(Math.min(Math.max(gain * blurred[i] + sigma * r.normal(), 0), 1) * 255) / 255;
  if (harder.jpegQuality) jpegQuantise(y, N, harder.jpegQuality);
  // The sharp reference sees the same exposure and clipping (without the blur).
  const x = new Float64Array(N * N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) x[i * N + j] = Math.min(gain * scene[(i + pad / 2) * m + j + pad / 2], 1);
  return { x, y, kernel, size, geometry, sigma, N, top, left, gain, gamma, jpegQuality: harder.jpegQuality ?? 0 };
}
