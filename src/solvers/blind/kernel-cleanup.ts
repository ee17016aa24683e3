// What keeps a kernel estimate a blur: non-negative, Σ = 1, no faint taps, no isolated specks
// (Pan et al. 2016; Cho & Lee 2009), and centred so that the image does not drift between scales.

/**
 * In place: taps below `relative`·max set to 0; 8-connected groups of taps with less than
 * `minMass` of the total removed; negatives to 0; normalised to Σ = 1. Returns false (and leaves
 * k a centred delta) when nothing positive remains.
 */
export function cleanKernel(k: Float64Array, kr: number, kc: number, relative = 0.1, minMass = 0.1, labels?: Int32Array, stack?: Int32Array): boolean {
  const N = kr * kc;
  let max = 0;
  for (let i = 0; i < N; i++) max = Math.max(max, k[i]!);
  if (!(max > 0)) return delta(k, kr, kc);
  let total = 0;
  for (let i = 0; i < N; i++) {
    if (k[i]! < relative * max) k[i] = 0;
    total += k[i]!;
  }
  const lab = labels ?? new Int32Array(N);
  const st = stack ?? new Int32Array(N);
  lab.fill(0, 0, N);
  let next = 0;
  for (let s = 0; s < N; s++) {
    if (k[s]! <= 0 || lab[s] !== 0) continue;
    // Flood fill one component, summing its mass, then erase it if light.
    next++;
    let top = 0;
    st[top++] = s;
    lab[s] = next;
    let mass = 0;
    let first = 0;
    const members: number[] = [];
    while (top > first) {
      const i = st[first++]!;
      members.push(i);
      mass += k[i]!;
      const r = Math.floor(i / kc);
      const c = i - r * kc;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= kr || cc >= kc) continue;
          const j = rr * kc + cc;
          if (k[j]! > 0 && lab[j] === 0) {
            lab[j] = next;
            st[top++] = j;
          }
        }
      }
    }
    if (mass < minMass * total) for (const i of members) k[i] = 0;
  }
  let sum = 0;
  for (let i = 0; i < N; i++) sum += k[i]!;
  if (!(sum > 0)) return delta(k, kr, kc);
  for (let i = 0; i < N; i++) k[i]! /= sum;
  return true;
}

function delta(k: Float64Array, kr: number, kc: number): boolean {
  k.fill(0);
  k[((kr - 1) >> 1) * kc + ((kc - 1) >> 1)] = 1;
  return false;
}

/** In place: shifts k by whole taps so its centre of mass is nearest the middle tap (mass shifted out is dropped, then Σ = 1 again). */
export function centreKernel(k: Float64Array, kr: number, kc: number): void {
  let sr = 0;
  let sc = 0;
  let total = 0;
  for (let a = 0; a < kr; a++) {
    for (let b = 0; b < kc; b++) {
      const v = k[a * kc + b]!;
      sr += a * v;
      sc += b * v;
      total += v;
    }
  }
  if (!(total > 0)) return;
  const dr = Math.round((kr - 1) / 2 - sr / total);
  const dc = Math.round((kc - 1) / 2 - sc / total);
  if (dr === 0 && dc === 0) return;
  const src = Float64Array.from(k);
  k.fill(0);
  let sum = 0;
  for (let a = 0; a < kr; a++) {
    const sa = a - dr;
    if (sa < 0 || sa >= kr) continue;
    for (let b = 0; b < kc; b++) {
      const sb = b - dc;
      if (sb < 0 || sb >= kc) continue;
      k[a * kc + b] = src[sa * kc + sb]!;
      sum += src[sa * kc + sb]!;
    }
  }
  if (sum > 0) for (let i = 0; i < k.length; i++) k[i]! /= sum;
}
