// Euclidean projection onto the probability simplex {v ≥ 0, Σv = 1} (Held–Wolfe–Crowder; the
// sort-based algorithm of Duchi et al. 2008): sort a copy descending, find the largest ρ with
// u_ρ − (Σ_{i≤ρ} u_i − 1)/ρ > 0, shift by that threshold and clip at 0. O(n log n) by heapsort
// on caller-provided scratch, so nothing allocates.

// @ts-ignore: decorator
@inline function get(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Sorts n f64 ascending in place (heapsort: in place, O(n log n) worst case). */
function heapsort(a: usize, n: i32): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = get(a, 0);
    put(a, 0, get(a, end));
    put(a, end, t);
    siftDown(a, 0, end);
  }
}

function siftDown(a: usize, root: i32, n: i32): void {
  let r = root;
  while (true) {
    let child = 2 * r + 1;
    if (child >= n) return;
    if (child + 1 < n && get(a, child + 1) > get(a, child)) child++;
    if (get(a, r) >= get(a, child)) return;
    const t = get(a, r);
    put(a, r, get(a, child));
    put(a, child, t);
    r = child;
  }
}

/** v ← projection of v onto {v ≥ 0, Σv = total}; `scratch` holds n f64. */
export function projectSimplex(v: usize, n: i32, total: f64, scratch: usize): void {
  memory.copy(scratch, v, <usize>n << 3);
  heapsort(scratch, n);
  let cumsum: f64 = 0;
  let theta: f64 = 0;
  // Walk the sorted values from the largest down.
  for (let rho = 1; rho <= n; rho++) {
    const u = get(scratch, n - rho);
    cumsum += u;
    const t = (cumsum - total) / <f64>rho;
    if (u - t > 0) theta = t;
    else break;
  }
  for (let i = 0; i < n; i++) put(v, i, max(get(v, i) - theta, 0));
}
