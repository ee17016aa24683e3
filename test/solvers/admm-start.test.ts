import { describe, expect, it } from 'vitest';
import { admmStartImage } from '../../src/solvers/admm-start.js';
import { seeded } from '../support/digests.js';

// The oracle: per mode, where the data pixel under the kernel's centre sits (odd kernels), written
// out by hand rather than through the full-convolution offsets r0, c0 the function takes.
const k = 5, l = 3; // centres 2 and 1
const R = 7, C = 6;
const next = seeded(12);
const y = Float64Array.from({ length: R * C }, () => next());
const clamp = (v: number, size: number) => Math.min(Math.max(v, 0), size - 1);
const blur = Float64Array.from({ length: k * l }, (_, i) => 0.5 + (i % 4)); // Σh > 0: a blur
const sumBlur = blur.reduce((a, b) => a + b, 0);

describe('admmStartImage (ADMM\'s default start: the data, edge-replicated and aligned)', () => {
  it("'same': the data themselves, divided by Σh", () => {
    const x = admmStartImage(blur, k, l, y, R, C, 2, 1, R, C, -Infinity, Infinity);
    for (let i = 0; i < R * C; i++) expect(x[i]).toBe(y[i]! / sumBlur);
  });

  it("'valid': x is (R + k − 1)×(C + l − 1), the data replicated by the kernel's half-width at each edge", () => {
    const m = R + k - 1, n = C + l - 1;
    const x = admmStartImage(blur, k, l, y, R, C, k - 1, l - 1, m, n, -Infinity, Infinity);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) expect(x[i * n + j]).toBe(y[clamp(i - 2, R) * C + clamp(j - 1, C)]! / sumBlur);
    }
  });

  it("'full': x is (R − k + 1)×(C − l + 1), the data's interior", () => {
    const m = R - k + 1, n = C - l + 1;
    const x = admmStartImage(blur, k, l, y, R, C, 0, 0, m, n, -Infinity, Infinity);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) expect(x[i * n + j]).toBe(y[(i + 2) * C + (j + 1)]! / sumBlur);
    }
  });

  it('clamped to the box; a kernel that is not mostly positive (Σh < ½‖h‖₁) does not rescale', () => {
    const edge = Float64Array.from({ length: k * l }, (_, i) => (i % 2 === 0 ? 1 : -1)); // Σh = 1, ‖h‖₁ = 15
    const x = admmStartImage(edge, k, l, y, R, C, 2, 1, R, C, -0.1, 0.2);
    for (let i = 0; i < R * C; i++) expect(x[i]).toBe(Math.min(Math.max(y[i]!, -0.1), 0.2));
    expect(x.some((v) => v === -0.1) && x.some((v) => v === 0.2)).toBe(true); // both bounds active
  });

  it('leaves its inputs untouched', () => {
    const yc = Float64Array.from(y), hc = Float64Array.from(blur);
    admmStartImage(blur, k, l, y, R, C, k - 1, l - 1, R + k - 1, C + l - 1, 0, Infinity);
    expect(y).toEqual(yc);
    expect(blur).toEqual(hc);
  });
});
