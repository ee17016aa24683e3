// The contenders of the peer benchmark, written against libraries handed in by the entry point
// (Node: bench/peers/node.mjs, Chromium: bench/peers/page.html), so the same adapters run in
// both. Plain ESM with no imports.
//
// What is timed, for every contender: from the image (and y, for the gradients) as a JS typed
// array to the result as a JS typed array of the 'valid' shape — that is what convgrad's own
// calls do (they copy in and out of WebAssembly memory inside the timed region). The kernel is
// the exception, in the peers' favour: each peer gets it once, outside the timed region, already
// in its own container and orientation (tfjs and OpenCV correlate, so they get rot180(h); tfjs
// and its XNNPACK cache keep the same filter tensor across calls). Output containers (OpenCV
// Mats) are allocated once and reused.
//
// libs: { convgrad: { simd, js }, tf?, tfError?, cv?, cvError?, ml?, mlError? }

function rot180(data, k) {
  const out = new data.constructor(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[data.length - 1 - i];
  return out;
}

function nested(data, rows, cols, flip = false) {
  const a = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = new Array(cols);
    for (let j = 0; j < cols; j++) row[j] = flip ? data[(rows - 1 - i) * cols + (cols - 1 - j)] : data[i * cols + j];
    a[i] = row;
  }
  return a;
}

/** rows r0.., cols c0.. of a flat n-column array into a new typed array of `ctor`. */
function crop(src, n, r0, c0, rows, cols, ctor) {
  const out = new ctor(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = (r0 + i) * n + c0;
    for (let j = 0; j < cols; j++) out[i * cols + j] = src[base + j];
  }
  return out;
}

function need(lib, error, what) {
  if (!lib) throw new Error(`${what} did not load${error ? `: ${error}` : ''}`);
  return lib;
}

// intoOut: the caller passes options.out, allocated once outside the timed region (what a hot
// loop does). It separates the computation from the cost of the engine handing out a fresh result
// array, which differs between Node and Chromium (BENCHMARKS.md explains).
function convgrad(name, pick, intoOut = false) {
  return {
    name,
    async setup(c, { x, h, y }) {
      const cg = pick();
      const shape = c.op === 'gradKernel' ? h : c.op === 'gradImage' ? x : { rows: x.rows - h.rows + 1, cols: x.cols - h.cols + 1 };
      const opts = intoOut ? { out: { rows: shape.rows, cols: shape.cols, data: new x.data.constructor(shape.rows * shape.cols) } } : {};
      if (c.op === 'conv') return { run: () => cg.conv2d(x, h, 'valid', opts).data };
      if (c.op === 'gradKernel') return { run: () => cg.gradKernel(x, h, y, 'valid', opts).data };
      return { run: () => cg.gradImage(x, h, y, 'valid', opts).data };
    },
  };
}

function tfjs(libs, backend, name, composed = false) {
  return {
    name,
    async setup(c, { x, h, y }) {
      if (composed && c.op === 'conv') return null; // the same call as the plain contender
      const tf = need(libs.tf, libs.tfError, 'TensorFlow.js');
      if (c.dtype !== 'float32') return { unsupported: 'no float64 in TensorFlow.js' };
      if (backend === 'wasm' && libs.tfWasmError) throw new Error(`tfjs-backend-wasm did not load: ${libs.tfWasmError}`);
      if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
      await tf.ready();
      const { n, k } = c;
      const R = n - k + 1;
      // tfjs conv2d is a correlation: hand it rot180(h) once, here, outside the timed region.
      const filter = tf.tensor4d(rot180(h.data, k), [k, k, 1, 1]);
      const image = () => tf.tensor4d(x.data, [1, n, n, 1]);
      const loss = (xx, ff, yy) => tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.conv2d(xx, ff, 1, 'valid'), yy))));
      const read = (t) => { const d = t.dataSync(); t.dispose(); return d; };
      let run;
      const own = [filter];
      if (c.op === 'conv') {
        run = () => read(tf.tidy(() => tf.conv2d(image(), filter, 1, 'valid')));
      } else if (composed) {
        // The gradients written as forward conv2d calls (what a user does where tf.grad lacks a
        // kernel): r = x ⋆ rot180(h) − y; ∇ₕ = rot180(x ⋆ r); ∇ₓ = (r zero-padded by k−1) ⋆ h.
        const residual = (xx) => tf.sub(tf.conv2d(xx, filter, 1, 'valid'), tf.tensor4d(y.data, [1, R, R, 1]));
        if (c.op === 'gradKernel') {
          run = () => rot180(read(tf.tidy(() => {
            const xx = image();
            return tf.conv2d(xx, tf.reshape(residual(xx), [R, R, 1, 1]), 1, 'valid');
          })), k);
        } else {
          const hf = tf.tensor4d(h.data, [k, k, 1, 1]);
          own.push(hf);
          run = () => read(tf.tidy(() => tf.conv2d(tf.pad(residual(image()), [[0, 0], [k - 1, k - 1], [k - 1, k - 1], [0, 0]]), hf, 1, 'valid')));
        }
      } else if (c.op === 'gradKernel') {
        // ∇ wrt the correlation filter rot180(h) is rot180(∇ₕ).
        run = () => {
          const g = read(tf.tidy(() => {
            const xx = image(), yy = tf.tensor4d(y.data, [1, R, R, 1]);
            return tf.grad((ff) => loss(xx, ff, yy))(filter);
          }));
          return rot180(g, k);
        };
      } else {
        run = () => read(tf.tidy(() => {
          const yy = tf.tensor4d(y.data, [1, R, R, 1]);
          return tf.grad((xx) => loss(xx, filter, yy))(image());
        }));
      }
      return {
        before: async () => { if (tf.getBackend() !== backend) await tf.setBackend(backend); },
        run,
        dispose: () => { for (const t of own) t.dispose(); },
      };
    },
  };
}

function opencv(libs, mode, name) {
  return {
    name,
    async setup(c, { x, h, y }) {
      const cv = need(libs.cv, libs.cvError, 'OpenCV.js');
      const f32 = c.dtype === 'float32';
      const type = f32 ? cv.CV_32F : cv.CV_64F;
      const acc = f32 ? 'data32F' : 'data64F';
      const { n, k } = c;
      const R = n - k + 1;
      const a = k >> 1; // filter2D's default anchor: the kernel's centre
      const BC = cv.BORDER_CONSTANT;
      const mats = [];
      const mat = (r, q) => { const m = new cv.Mat(r, q, type); mats.push(m); return m; };
      const own = (m) => { mats.push(m); return m; };
      const centre = new cv.Point(-1, -1);
      const xm = mat(n, n);
      const ym = mat(R, R);
      // filter2D correlates: rot180(h) for the forward pass (once, here); ∇ₓ correlates with h itself.
      const hflip = own(cv.matFromArray(k, k, type, rot180(h.data, k)));
      const hm = own(cv.matFromArray(k, k, type, h.data));
      const z = mat(R, R);
      // 'region': filter2D on the ROI of the valid outputs, so it reads the real neighbours (no
      // border at all). 'whole': filter2D on the whole image with BORDER_CONSTANT, then crop.
      const xValid = own(xm.roi(new cv.Rect(a, a, R, R)));
      const full = mode === 'whole' ? mat(n, n) : null;
      const forward = () => {
        xm[acc].set(x.data);
        if (mode === 'region') {
          cv.filter2D(xValid, z, -1, hflip, centre, 0, BC);
        } else {
          cv.filter2D(xm, full, -1, hflip, centre, 0, BC);
          const roi = full.roi(new cv.Rect(a, a, R, R));
          roi.copyTo(z);
          roi.delete();
        }
      };
      let run;
      if (c.op === 'conv') {
        run = () => { forward(); return z[acc].slice(); };
      } else {
        const r = mat(R, R);
        const residual = () => { forward(); ym[acc].set(y.data); cv.subtract(z, ym, r); };
        if (c.op === 'gradKernel') {
          // ∇ₕ = rot180(valid correlation of x with r): a k×k output with an R×R "kernel".
          const G = mat(k, k), Gf = mat(k, k);
          const origin = new cv.Point(0, 0);
          const xCorner = own(xm.roi(new cv.Rect(0, 0, k, k)));
          run = () => {
            residual();
            if (mode === 'region') {
              cv.filter2D(xCorner, G, -1, r, origin, 0, BC);
            } else {
              cv.filter2D(xm, full, -1, r, origin, 0, BC);
              const roi = full.roi(new cv.Rect(0, 0, k, k));
              roi.copyTo(G);
              roi.delete();
            }
            cv.flip(G, Gf, -1);
            return Gf[acc].slice();
          };
        } else {
          // ∇ₓ = full correlation of r with h: r zero-padded, then correlated with h.
          const gx = mat(n, n);
          const zero = new cv.Scalar(0, 0, 0, 0);
          if (mode === 'region') {
            const Q = mat(n + k - 1, n + k - 1);
            run = () => {
              residual();
              cv.copyMakeBorder(r, Q, k - 1, k - 1, k - 1, k - 1, BC, zero);
              const q = Q.roi(new cv.Rect(a, a, n, n));
              cv.filter2D(q, gx, -1, hm, centre, 0, BC);
              q.delete();
              return gx[acc].slice();
            };
          } else {
            const P = mat(n, n);
            const corner = new cv.Point(k - 1, k - 1);
            run = () => {
              residual();
              cv.copyMakeBorder(r, P, 0, k - 1, 0, k - 1, BC, zero);
              cv.filter2D(P, gx, -1, hm, corner, 0, BC);
              return gx[acc].slice();
            };
          }
        }
      }
      return { run, dispose: () => { for (const m of mats.reverse()) m.delete(); } };
    },
  };
}

function mlConv(libs, method, name) {
  return {
    name,
    async setup(c, { x, h, y }) {
      const ml = need(libs.ml, libs.mlError, 'ml-matrix-convolution');
      const { n, k, dtype } = c;
      const R = n - k + 1;
      const ctor = dtype === 'float32' ? Float32Array : Float64Array;
      // Both methods return the n×n 'same' *circular* convolution (centre tap at (k−1)/2 for odd
      // k); its 'valid' part has no wrap-around, so cropping it gives conv2(x, h, 'valid').
      const s = (k - 1) >> 1;
      if (method === 'direct' && (c.op !== 'conv' || n > 512)) return null; // minutes per call
      const hk = nested(h.data, k, k); // array of arrays, once, outside the timed region
      const opt = { rows: n, cols: n };
      const conv = (img, ker) => (method === 'fft' ? ml.fft(img, ker, opt) : ml.direct(img, ker, opt));
      const forward = () => crop(conv(x.data, hk), n, s, s, R, R, ctor);
      if (c.op === 'conv') return { run: forward };
      if (c.op === 'gradKernel') {
        // ∇ₕ[a][b] = Σ r[i][j]·x[i+k−1−a][j+k−1−b]: circular convolution of x with rot180(r)
        // (alias-free: every index stays inside the n×n period), read back at an offset.
        const sR = (R - 1) >> 1;
        const off = R - 1 - sR + k - 1;
        return {
          run: () => {
            const z = forward();
            for (let i = 0; i < z.length; i++) z[i] -= y.data[i];
            const out = conv(x.data, nested(z, R, R, true));
            const g = new ctor(k * k);
            for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[a * k + b] = out[(off - a) * n + (off - b)];
            return g;
          },
        };
      }
      // ∇ₓ = full correlation of r with h = circular convolution with rot180(h) of r placed at
      // offset s in an n×n zero canvas (n = R + k − 1: exactly enough room for no wrap-around).
      const hr = nested(h.data, k, k, true);
      return {
        run: () => {
          const z = forward();
          const canvas = new Float64Array(n * n);
          for (let i = 0; i < R; i++) for (let j = 0; j < R; j++) canvas[(i + s) * n + j + s] = z[i * R + j] - y.data[i * R + j];
          return ctor.from(conv(canvas, hr));
        },
      };
    },
  };
}

/** The contenders in table order. `which` filters by name (substring match), if given. */
export function makeContenders(libs, which) {
  const all = [
    convgrad('convgrad wasm-simd', () => libs.convgrad.simd),
    convgrad('convgrad wasm-simd, into options.out', () => libs.convgrad.simd, true),
    convgrad('convgrad JS baseline', () => libs.convgrad.js),
    tfjs(libs, 'wasm', 'tfjs-wasm (SIMD, 1 thread)'),
    tfjs(libs, 'wasm', 'tfjs-wasm, ∇ from conv2d calls', true),
    tfjs(libs, 'cpu', 'tfjs-cpu'),
    opencv(libs, 'region', 'OpenCV.js filter2D, region'),
    opencv(libs, 'whole', 'OpenCV.js filter2D, whole + crop'),
    mlConv(libs, 'fft', 'ml-matrix-convolution fft'),
    mlConv(libs, 'direct', 'ml-matrix-convolution direct'),
  ];
  if (!which) return all;
  return all.filter((c) => which.some((w) => c.name.toLowerCase().includes(w.toLowerCase())));
}
