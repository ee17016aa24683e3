// The benchmark's oracle: the Conv2D layer's forward pass and three gradients as plain float64
// loops straight from the definitions (shared MATH.md, "The Conv2D layer"), independent of every
// contender. Every loop nest is the same walk over (n, o, c′, a, b, i, j) — input pixel
// (i·sh + a·dh − pt, j·sw + b·dw − pl), zeros outside — with the j-range clipped to the image so
// the innermost loop has no branch. Plain ESM with no imports.

/** Calls visit(xBase, yBase, wIndex, j0, j1, colOffset) for every (n, o, c′, a, b, i) row segment. */
function walk(g, visit) {
  const { N, Cin, H, W, Cout, kH, kW, groups, sh, sw, dh, dw, pt, pl, Ho, Wo } = g;
  const cinG = Cin / groups, coutG = Cout / groups;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < Cout; o++) {
      const grp = Math.floor(o / coutG);
      for (let cc = 0; cc < cinG; cc++) {
        const c = grp * cinG + cc;
        for (let a = 0; a < kH; a++) {
          for (let b = 0; b < kW; b++) {
            const off = b * dw - pl; // input column = j·sw + off
            const j0 = Math.max(0, Math.ceil(-off / sw));
            const j1 = Math.min(Wo, Math.floor((W - 1 - off) / sw) + 1);
            if (j1 <= j0) continue;
            const wi = ((o * cinG + cc) * kH + a) * kW + b;
            for (let i = 0; i < Ho; i++) {
              const u = i * sh + a * dh - pt;
              if (u < 0 || u >= H) continue;
              visit(((n * Cin + c) * H + u) * W + off, ((n * Cout + o) * Ho + i) * Wo, wi, j0, j1);
            }
          }
        }
      }
    }
  }
}

/** y = conv2dLayer(x, w, bias): [N, Cout, Ho, Wo] in float64. */
export function forward64(g, x, w, bias) {
  const y = new Float64Array(g.N * g.Cout * g.Ho * g.Wo);
  const sw = g.sw;
  walk(g, (xb, yb, wi, j0, j1) => {
    const wv = w[wi];
    for (let j = j0; j < j1; j++) y[yb + j] += wv * x[xb + j * sw];
  });
  if (bias) {
    const plane = g.Ho * g.Wo;
    for (let n = 0; n < g.N; n++) for (let o = 0; o < g.Cout; o++) {
      const base = (n * g.Cout + o) * plane;
      for (let p = 0; p < plane; p++) y[base + p] += bias[o];
    }
  }
  return y;
}

/** dX: the adjoint of the forward pass applied to dy (scatter along the same walk). */
export function gradInput64(g, dy, w) {
  const dx = new Float64Array(g.N * g.Cin * g.H * g.W);
  const sw = g.sw;
  walk(g, (xb, yb, wi, j0, j1) => {
    const wv = w[wi];
    for (let j = j0; j < j1; j++) dx[xb + j * sw] += wv * dy[yb + j];
  });
  return dx;
}

/** dW[o, c′, a, b] = Σ dy · shifted x. */
export function gradWeight64(g, x, dy) {
  const dwt = new Float64Array(g.Cout * (g.Cin / g.groups) * g.kH * g.kW);
  const sw = g.sw;
  walk(g, (xb, yb, wi, j0, j1) => {
    let s = 0;
    for (let j = j0; j < j1; j++) s += dy[yb + j] * x[xb + j * sw];
    dwt[wi] += s;
  });
  return dwt;
}

/** db[o] = Σ_{n,i,j} dy[n, o, i, j]. */
export function gradBias64(g, dy) {
  const db = new Float64Array(g.Cout);
  const plane = g.Ho * g.Wo;
  for (let n = 0; n < g.N; n++) for (let o = 0; o < g.Cout; o++) {
    const base = (n * g.Cout + o) * plane;
    let s = 0;
    for (let p = 0; p < plane; p++) s += dy[base + p];
    db[o] += s;
  }
  return db;
}
