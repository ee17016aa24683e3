// col2im for the Conv2D layer's gradInput on few input channels (the 3-channel stem): the
// GEMM G = Wᵀ·dY (layer-igemm.ts with one tap: rows k = (c, a, b), Cin·kH·kW of them, fill the
// 4-channel register tile that 3 input channels starve) leaves
//   G[(c·kH + a)·kW + b][u·Wo + v] = Σ_o w[o][c][a][b] · dy[o][u][v],
// and dx[c][i][j] = Σ_a Σ_b G[c,a,b][u][v] over the taps with i + pt − a·dh = u·sh and
// j + pl − b·dw = v·sw, (u, v) inside dy: padding is never read, so dy needs no padded copy.
// One output row and one column phase j = J·sw + ρ at a time, that part of dx is gathered into a
// row buffer, each element gets the taps' terms added in the order a, then b (vectors of
// elements in the interior, where every term reaches; each lane the same adds as the scalar
// build), and it is stored back at stride sw.

/** One dx element of a row phase: rowBuf[J] + the listed terms that reach it, in list order. */
// @ts-ignore: decorator
@inline function edgeElement<T>(rowBuf: usize, list: usize, n: i32, J: i32, Wo: i32): void {
  const sz = <usize>sizeof<T>();
  const p = rowBuf + <usize>J * sz;
  let s = load<T>(p);
  for (let e = 0; e < n; e++) {
    const off = load<i32>(list + (<usize>e << 3), 4);
    const v = J + off;
    if (v >= 0 && v < Wo) s += load<T>(load<usize>(list + (<usize>e << 3)) + <usize>J * sz);
  }
  store<T>(p, s);
}

/**
 * dx (C×H×W) += the terms of dy rows u0 … u1 − 1 from `col` (rows (c, a, b), element stride
 * colChan between rows, pixels (u − u0)·Wo + v) for a convolution of stride sh×sw, dilation
 * dh×dw, padding top pt / left pl. Called band after band on a zeroed dx, each dx element gets
 * its terms band by band, and within a band in (a, b) order. `rowBuf`: ⌈W / sw⌉ elements, then
 * 16 bytes of alignment slack and 8·(kH·kW + kH + sw·(kW + 1)) bytes of lists.
 */
export function col2im<T>(
  dx: usize, col: usize, colChan: i32, C: i32, H: i32, W: i32, kH: i32, kW: i32,
  sh: i32, sw: i32, dh: i32, dw: i32, pt: i32, pl: i32, Ho: i32, Wo: i32, u0: i32, u1: i32, rowBuf: usize,
): void {
  const sz = <usize>sizeof<T>();
  const rowStride = <usize>colChan * sz;
  const step = <usize>sw * sz;
  // Scratch after the row buffer: the term list (source pointer at J = 0, offset), then per row
  // the taps a reaching it (a, u), then per column phase the taps b reaching it (b, offset):
  // worked out here once, so the loops below divide nothing.
  const list = (rowBuf + <usize>W * sz + 15) & ~15;
  const aList = list + (<usize>(kH * kW) << 3);
  const bList = aList + (<usize>kH << 3);
  const nRho = min(sw, W);
  for (let rho = 0; rho < nRho; rho++) {
    let nb = 0;
    const bl = bList + (<usize>(rho * (kW + 1)) << 3);
    for (let b = 0; b < kW; b++) {
      const t = rho + pl - b * dw;
      if (t % sw != 0) continue;
      nb++;
      store<i32>(bl + (<usize>nb << 3), b);
      store<i32>(bl + (<usize>nb << 3), t / sw, 4);
    }
    store<i32>(bl, nb);
  }
  // Rows i reached by the band: i = u·sh + a·dh − pt.
  const i0 = max(0, u0 * sh - pt);
  const i1 = min(H, (u1 - 1) * sh + (kH - 1) * dh - pt + 1);
  for (let i = i0; i < i1; i++) {
    let na = 0;
    for (let a = 0; a < kH; a++) {
      const r = i + pt - a * dh;
      if (r < 0) break;
      if (r % sh != 0) continue;
      const u = r / sh;
      if (u < u0 || u >= u1) continue;
      store<i32>(aList + (<usize>na << 3), a);
      store<i32>(aList + (<usize>na << 3), u, 4);
      na++;
    }
    if (na == 0) continue;
    for (let c = 0; c < C; c++) {
      const colC = col + <usize>(c * kH * kW) * rowStride;
      const dxRow = dx + <usize>((c * H + i) * W) * sz;
      for (let rho = 0; rho < nRho; rho++) {
        const nJ = (W - rho + sw - 1) / sw;
        // The terms: element J takes src[J] = G[c,a,b][(u − u0)·Wo + J + off] where
        // rho + pl − b·dw = off·sw; all of them reach J in [Jlo, Jhi).
        const bl = bList + (<usize>(rho * (kW + 1)) << 3);
        const nb = load<i32>(bl);
        let n = 0;
        let Jlo = 0;
        let Jhi = nJ;
        for (let ai = 0; ai < na; ai++) {
          const a = load<i32>(aList + (<usize>ai << 3));
          const u = load<i32>(aList + (<usize>ai << 3), 4);
          const colA = colC + <usize>(a * kW) * rowStride + <usize>((u - u0) * Wo) * sz;
          for (let bi = 1; bi <= nb; bi++) {
            const b = load<i32>(bl + (<usize>bi << 3));
            const off = load<i32>(bl + (<usize>bi << 3), 4);
            if (max(0, -off) >= min(nJ, Wo - off)) continue;
            store<usize>(list + (<usize>n << 3), colA + <usize>b * rowStride + <usize>(<isize>off * <isize>sz));
            store<i32>(list + (<usize>n << 3), off, 4);
            n++;
            Jlo = max(Jlo, -off);
            Jhi = min(Jhi, Wo - off);
          }
        }
        if (n == 0) continue;
        if (Jhi < Jlo) Jhi = Jlo;
        let d = dxRow + <usize>rho * sz;
        for (let J = 0; J < nJ; J++) {
          store<T>(rowBuf + <usize>J * sz, load<T>(d));
          d += step;
        }
        for (let J = 0; J < Jlo; J++) edgeElement<T>(rowBuf, list, n, J, Wo);
        let J = Jlo;
        if (ASC_FEATURE_SIMD) {
          const L = 16 / <i32>sz;
          // Two vectors per term pointer loaded, then one.
          for (; J + 2 * L <= Jhi; J += 2 * L) {
            const p = rowBuf + <usize>J * sz;
            const jb = <usize>J * sz;
            let acc0 = v128.load(p);
            let acc1 = v128.load(p, 16);
            for (let e = 0; e < n; e++) {
              const src = load<usize>(list + (<usize>e << 3)) + jb;
              acc0 = v128.add<T>(acc0, v128.load(src));
              acc1 = v128.add<T>(acc1, v128.load(src, 16));
            }
            v128.store(p, acc0);
            v128.store(p, acc1, 16);
          }
          for (; J + L <= Jhi; J += L) {
            const p = rowBuf + <usize>J * sz;
            const jb = <usize>J * sz;
            let acc = v128.load(p);
            for (let e = 0; e < n; e++) acc = v128.add<T>(acc, v128.load(load<usize>(list + (<usize>e << 3)) + jb));
            v128.store(p, acc);
          }
        }
        for (; J < nJ; J++) edgeElement<T>(rowBuf, list, n, J, Wo);
        d = dxRow + <usize>rho * sz;
        for (let J = 0; J < nJ; J++) {
          store<T>(d, load<T>(rowBuf + <usize>J * sz));
          d += step;
        }
      }
    }
  }
}
