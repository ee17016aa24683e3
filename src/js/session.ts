import type { Session, Vec } from '../solvers/session.js';
import { choleskyInBlocks, correlationRowWork, forRowSegments, gramLagCount, gramLagWork, inBlocks, type Checkpoint } from '../solvers/blocks.js';

/*
 * The JS baseline's solver session: vectors are Float64Arrays, every operation a plain loop
 * over them — the same algorithms as the WebAssembly kernels (sliding-window Gram build,
 * Cholesky by row dot products, sort-based simplex projection), written as a
 * competent JS developer would.
 */
const a64 = (v: Vec) => v as Float64Array;

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += a[ao + t]! * b[bo + t]!;
  return s;
}

function corrValid(out: Float64Array, x: Float64Array, xr: number, xc: number, k: Float64Array, kr: number, kc: number): void {
  const R = xr - kr + 1;
  const C = xc - kc + 1;
  out.fill(0, 0, R * C);
  for (let i = 0; i < R; i++) {
    for (let a = 0; a < kr; a++) {
      const xRow = (i + a) * xc;
      for (let b = 0; b < kc; b++) {
        const w = k[a * kc + b]!;
        const base = xRow + b;
        const o = i * C;
        for (let j = 0; j < C; j++) out[o + j]! += w * x[base + j]!;
      }
    }
  }
}

/** Outputs (i, j0 ≤ j < j1) of corrValid, each summed in corrValid's (a, b) order. */
function corrValidSegment(
  out: Float64Array, x: Float64Array, xc: number, k: Float64Array, kr: number, kc: number, C: number, i: number, j0: number, j1: number,
): void {
  const o = i * C;
  out.fill(0, o + j0, o + j1);
  for (let a = 0; a < kr; a++) {
    const xRow = (i + a) * xc;
    for (let b = 0; b < kc; b++) {
      const w = k[a * kc + b]!;
      const base = xRow + b;
      for (let j = j0; j < j1; j++) out[o + j]! += w * x[base + j]!;
    }
  }
}

/** Columns j0 ≤ j < j1 of a left-looking Cholesky (the earlier columns done); 0 or 1 + the failing pivot. */
function choleskyColumns(A: Float64Array, n: number, j0: number, j1: number): number {
  for (let j = j0; j < j1; j++) {
    const d = A[j * n + j]! - dot(A, j * n, A, j * n, j);
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    A[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) A[i * n + j] = (A[i * n + j]! - dot(A, i * n, A, j * n, j)) / ljj;
  }
  return 0;
}

/** The Gram entries of lags lagFrom ≤ t < lagTo, in assembly/gram.ts's order. */
function gram(G: Float64Array, P: Float64Array, pr: number, pc: number, k: number, l: number, cs: Float64Array, lagFrom: number, lagTo: number): void {
  const R = pr - k + 1;
  const C = pc - l + 1;
  const n = k * l;
  let t = 0;
  const addRow = (p: number, dr: number, dc: number, q0: number, q1: number, sign: number) => {
    const row = p * pc;
    const lagged = (p + dr) * pc + dc;
    for (let q = q0; q < q1; q++) cs[q]! += sign * (P[row + q]! * P[lagged + q]!);
  };
  for (let dr = 0; dr < k; dr++) {
    for (let dc = dr === 0 ? 0 : 1 - l; dc < l; dc++, t++) {
      if (t < lagFrom) continue;
      if (t >= lagTo) return;
      const q0 = Math.max(0, -dc);
      const q1 = Math.min(pc, pc - dc);
      cs.fill(0, 0, pc);
      for (let p = 0; p < R; p++) addRow(p, dr, dc, q0, q1, 1);
      for (let a = k - 1; a >= dr; a--) {
        if (a < k - 1) {
          addRow(k - 2 - a + R, dr, dc, q0, q1, 1);
          addRow(k - 2 - a, dr, dc, q0, q1, -1);
        }
        const a2 = a - dr;
        const bLo = Math.max(0, dc);
        let b = Math.min(l, l + dc) - 1;
        let start = l - 1 - b;
        let s = 0;
        for (let q = start; q < start + C; q++) s += cs[q]!;
        for (;;) {
          const i = a * l + b;
          const j = a2 * l + (b - dc);
          G[i * n + j] = s;
          G[j * n + i] = s;
          if (b === bLo) break;
          s += cs[start + C]! - cs[start]!;
          start++;
          b--;
        }
      }
    }
  }
}

function tvNorm(x: Float64Array, m: number, n: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c = x[i * n + j]!;
      const dv = i + 1 < m ? x[(i + 1) * n + j]! - c : 0;
      const dh = j + 1 < n ? x[i * n + j + 1]! - c : 0;
      s += Math.sqrt(dv * dv + dh * dh);
    }
  }
  return s;
}

/** out = clamp(b − λ·L(p, q)), L the adjoint of the forward differences. */
function tvPrimal(out: Float64Array, b: Float64Array, p: Float64Array, q: Float64Array, m: number, n: number, lambda: number, lo: number, hi: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      let l = 0;
      if (i + 1 < m) l += p[k]!;
      if (i > 0) l -= p[k - n]!;
      if (j + 1 < n) l += q[k]!;
      if (j > 0) l -= q[k - 1]!;
      out[k] = Math.min(Math.max(b[k]! - lambda * l, lo), hi);
    }
  }
}

/** FGP (Beck & Teboulle 2009), the same steps as assembly/tv.ts. */
function tvProx(out: Float64Array, b: Float64Array, m: number, n: number, lambda: number, lo: number, hi: number, iterations: number, work: Float64Array[]): void {
  const N = m * n;
  if (lambda <= 0) {
    for (let k = 0; k < N; k++) out[k] = Math.min(Math.max(b[k]!, lo), hi);
    return;
  }
  const [p, q, r, s, pOld, qOld] = work as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  r.set(p.subarray(0, N));
  s.set(q.subarray(0, N));
  let t = 1;
  const step = 1 / (8 * lambda);
  for (let it = 0; it < iterations; it++) {
    pOld.set(p.subarray(0, N));
    qOld.set(q.subarray(0, N));
    tvPrimal(out, b, r, s, m, n, lambda, lo, hi);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const k = i * n + j;
        const c = out[k]!;
        let pv = i + 1 < m ? r[k]! + step * (c - out[k + n]!) : 0;
        let qv = j + 1 < n ? s[k]! + step * (c - out[k + 1]!) : 0;
        const norm = Math.sqrt(pv * pv + qv * qv);
        if (norm > 1) {
          pv /= norm;
          qv /= norm;
        }
        p[k] = pv;
        q[k] = qv;
      }
    }
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = (t - 1) / tNext;
    t = tNext;
    for (let k = 0; k < N; k++) {
      r[k] = p[k]! + beta * (p[k]! - pOld[k]!);
      s[k] = q[k]! + beta * (q[k]! - qOld[k]!);
    }
  }
  tvPrimal(out, b, p, q, m, n, lambda, lo, hi);
}

/** A session whose long calls run in blocks with `checkpoint` between them (solvers/blocks.ts). */
export function jsSession(checkpoint?: Checkpoint): Session {
  return {
    vec: (n) => new Float64Array(n),
    write: (v, data) => a64(v).set(data),
    view: (v, n) => a64(v).subarray(0, n),
    dot: (a, b, n) => dot(a64(a), 0, a64(b), 0, n),
    axpby(y, alpha, x, beta, n) {
      const Y = a64(y);
      const X = a64(x);
      for (let i = 0; i < n; i++) Y[i] = alpha * X[i]! + beta * Y[i]!;
    },
    copy: (dst, src, n) => a64(dst).set(a64(src).subarray(0, n)),
    fill: (v, value, n) => a64(v).fill(value, 0, n),
    clamp(v, lo, hi, n) {
      const V = a64(v);
      for (let i = 0; i < n; i++) V[i] = Math.min(Math.max(V[i]!, lo), hi);
    },
    mul(out, a, b, n) {
      const O = a64(out);
      const A = a64(a);
      const B = a64(b);
      for (let i = 0; i < n; i++) O[i] = A[i]! * B[i]!;
    },
    divPositive(out, a, b, tiny, n) {
      const O = a64(out);
      const A = a64(a);
      const B = a64(b);
      for (let i = 0; i < n; i++) O[i] = B[i]! > tiny ? A[i]! / B[i]! : 0;
    },
    embed(dst, dr, dc, src, sr, sc, ro, co) {
      const D = a64(dst);
      const S = a64(src);
      D.fill(0, 0, dr * dc);
      for (let i = 0; i < sr; i++) D.set(S.subarray(i * sc, (i + 1) * sc), (i + ro) * dc + co);
    },
    rot180(dst, src, n) {
      const D = a64(dst);
      const S = a64(src);
      for (let i = 0; i < n; i++) D[i] = S[n - 1 - i]!;
    },
    corrValid(out, x, xr, xc, k, kr, kc) {
      const R = xr - kr + 1;
      const C = xc - kc + 1;
      if (R * C < kr * kc) {
        // A huge kernel: one output may be a long sum, so the blocks are runs of outputs.
        inBlocks('convolution', R * C, kr * kc, checkpoint, (from, to) =>
          forRowSegments(from, to, C, (row, c0, c1) => corrValidSegment(a64(out), a64(x), xc, a64(k), kr, kc, C, row, c0, c1)));
        return;
      }
      inBlocks('convolution', R, correlationRowWork(C, kr, kc), checkpoint, (i0, i1) =>
        corrValid(a64(out).subarray(i0 * C), a64(x).subarray(i0 * xc), i1 - i0 + kr - 1, xc, a64(k), kr, kc));
    },
    gram(G, P, pr, pc, k, l, scratch) {
      inBlocks('gram', gramLagCount(k, l), gramLagWork(pr, pc, k), checkpoint, (t0, t1) =>
        gram(a64(G), a64(P), pr, pc, k, l, a64(scratch), t0, t1));
    },
    cholesky: (Av, n) => choleskyInBlocks(n, checkpoint, (j0, j1) => choleskyColumns(a64(Av), n, j0, j1)),
    choleskySolve(Lv, n, bv) {
      const L = a64(Lv);
      const b = a64(bv);
      for (let i = 0; i < n; i++) b[i] = (b[i]! - dot(L, i * n, b, 0, i)) / L[i * n + i]!;
      for (let i = n - 1; i >= 0; i--) {
        let v = b[i]!;
        for (let t = i + 1; t < n; t++) v -= L[t * n + i]! * b[t]!;
        b[i] = v / L[i * n + i]!;
      }
    },
    gemv(y, Av, x, n) {
      const Y = a64(y);
      const A = a64(Av);
      const X = a64(x);
      for (let i = 0; i < n; i++) Y[i] = dot(A, i * n, X, 0, n);
    },
    projectSimplex(v, n, total) {
      const V = a64(v);
      const u = Float64Array.from(V.subarray(0, n)).sort().reverse();
      let cumsum = 0;
      let theta = 0;
      for (let rho = 1; rho <= n; rho++) {
        cumsum += u[rho - 1]!;
        const t = (cumsum - total) / rho;
        if (u[rho - 1]! - t > 0) theta = t;
        else break;
      }
      for (let i = 0; i < n; i++) V[i] = Math.max(V[i]! - theta, 0);
    },
    tvNorm: (x, m, n) => tvNorm(a64(x), m, n),
    tvProx: (out, b, m, n, lambda, lo, hi, iterations, work) =>
      tvProx(a64(out), a64(b), m, n, lambda, lo, hi, iterations, work.map(a64)),
    fftImageOperator: () => null,
    admmEngine: () => null,
    close() {},
  };
}
