// The normal equations of kernel estimation, built without forming the (R·C)×(k·l) matrix X.
// For the 'valid' model on a canvas P (pr×pc, pr = R+k−1, pc = C+l−1) — every mode is 'valid'
// on x embedded in a zero canvas —
//   G[(a,b),(a',b')] = Σ_{p ∈ [k−1−a, k−1−a+R), q ∈ [l−1−b, l−1−b+C)} P[p,q] · P[p+a−a', q+b−b'].
// Entries with the same lag (dr, dc) = (a−a', b−b') are window sums of one product image
// Q[p,q] = P[p,q]·P[p+dr,q+dc]. Windows slide: column sums over the row window are updated
// one row in, one row out (vectorised along columns), then a row sum slides along q. So one lag
// costs about (R+k)·pc + k·pc multiply-adds instead of k·l·R·C. Only lags with dr ≥ 0 are
// visited (dr = 0 with dc < 0 mirrors dc > 0); G is written in full, symmetric.

// @ts-ignore: decorator
@inline function f64at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

/**
 * cs[q] += P[p,q]·P[p+dr,q+dc] for q in [q0, q1). Not inlined: the Gram build is one long call,
 * and engines promote a small, often-called function to their optimising tier mid-call.
 */
function addRow(cs: usize, P: usize, pc: i32, p: i32, dr: i32, dc: i32, q0: i32, q1: i32): void {
  const row = P + (<usize>(p * pc) << 3);
  const lagged = P + (<usize>((p + dr) * pc + dc) << 3);
  let q = q0;
  if (ASC_FEATURE_SIMD) {
    for (; q + 2 <= q1; q += 2) {
      const o = <usize>q << 3;
      v128.store(cs + o, f64x2.add(v128.load(cs + o), f64x2.mul(v128.load(row + o), v128.load(lagged + o))));
    }
  }
  for (; q < q1; q++) {
    const o = <usize>q << 3;
    store<f64>(cs + o, load<f64>(cs + o) + load<f64>(row + o) * load<f64>(lagged + o));
  }
}

/** Slides the row window by one: cs[q] += P[pIn,q]·P[pIn+dr,q+dc] − P[pOut,q]·P[pOut+dr,q+dc]. */
function slideRow(cs: usize, P: usize, pc: i32, pIn: i32, pOut: i32, dr: i32, dc: i32, q0: i32, q1: i32): void {
  const rowIn = P + (<usize>(pIn * pc) << 3);
  const lagIn = P + (<usize>((pIn + dr) * pc + dc) << 3);
  const rowOut = P + (<usize>(pOut * pc) << 3);
  const lagOut = P + (<usize>((pOut + dr) * pc + dc) << 3);
  let q = q0;
  if (ASC_FEATURE_SIMD) {
    for (; q + 2 <= q1; q += 2) {
      const o = <usize>q << 3;
      const gain = f64x2.mul(v128.load(rowIn + o), v128.load(lagIn + o));
      const loss = f64x2.mul(v128.load(rowOut + o), v128.load(lagOut + o));
      v128.store(cs + o, f64x2.add(v128.load(cs + o), f64x2.sub(gain, loss)));
    }
  }
  for (; q < q1; q++) {
    const o = <usize>q << 3;
    const gain = load<f64>(rowIn + o) * load<f64>(lagIn + o);
    const loss = load<f64>(rowOut + o) * load<f64>(lagOut + o);
    store<f64>(cs + o, load<f64>(cs + o) + (gain - loss));
  }
}

/** Number of lags (dr, dc) gramValid visits for a k×l kernel: l with dr = 0, 2l−1 for each dr ≥ 1. */
export function gramLagCount(k: i32, l: i32): i32 {
  return l + (k - 1) * (2 * l - 1);
}

/**
 * G (k·l × k·l, f64) for the 'valid' model on canvas P (pr×pc, f64) with kernel k×l: the entries
 * of lags lagFrom ≤ t < lagTo in visiting order (all of G for 0, gramLagCount). Lags are
 * independent, so the caller may build G in several calls (and check for cancellation between
 * them) with the same result bit for bit. `cs` is scratch of pc f64.
 */
export function gramValid(G: usize, P: usize, pr: i32, pc: i32, k: i32, l: i32, cs: usize, lagFrom: i32, lagTo: i32): void {
  const R = pr - k + 1;
  const C = pc - l + 1;
  const n = k * l;
  let t = 0;
  for (let dr = 0; dr < k; dr++) {
    for (let dc = dr == 0 ? 0 : 1 - l; dc < l; dc++, t++) {
      if (t < lagFrom) continue;
      if (t >= lagTo) return;
      // Columns q where both P[·,q] and P[·,q+dc] exist.
      const q0 = max(0, -dc);
      const q1 = min(pc, pc - dc);
      memory.fill(cs, 0, <usize>pc << 3);
      // Row window of kernel row a is [k−1−a, k−1−a+R); start at a = k−1 (rows [0, R)).
      for (let p = 0; p < R; p++) addRow(cs, P, pc, p, dr, dc, q0, q1);
      for (let a = k - 1; a >= dr; a--) {
        if (a < k - 1) {
          // Slide the window down by one row: add its new last row, drop the old first row.
          slideRow(cs, P, pc, k - 2 - a + R, k - 2 - a, dr, dc, q0, q1);
        }
        const a2 = a - dr;
        // Column window of kernel column b is [l−1−b, l−1−b+C); b' = b − dc must be in [0, l).
        const bLo = max(0, dc);
        const bHi = min(l, l + dc); // exclusive
        // Start at b = bHi−1 (leftmost window), slide right as b decreases.
        let b = bHi - 1;
        let start = l - 1 - b;
        let s: f64 = 0;
        for (let q = start; q < start + C; q++) s += f64at(cs, q);
        while (true) {
          const i = a * l + b;
          const j = a2 * l + (b - dc);
          store<f64>(G + (<usize>(i * n + j) << 3), s);
          store<f64>(G + (<usize>(j * n + i) << 3), s);
          if (b == bLo) break;
          s += f64at(cs, start + C) - f64at(cs, start);
          start++;
          b--;
        }
      }
    }
  }
}
