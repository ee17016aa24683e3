import { describe, expect, it } from 'vitest';
import { conv2d, init, matrix, toArray, valueAndGrad } from '../src/index.js';

// The README's example, checked by hand: F = x ∗ [[1,0],[0,−1]] has F[p,q] = x[p,q] − x[p−1,q−1].
describe('README example', () => {
  it('gives the values the README prints', async () => {
    await init();
    const x = matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const h = matrix([[1, 0], [0, -1]]);
    expect(toArray(conv2d(x, h, 'full'))).toEqual([[1, 2, 3, 0], [4, 4, 4, -3], [7, 4, 4, -6], [0, -7, -8, -9]]);
    expect(toArray(conv2d(x, h, 'same'))).toEqual([[4, 4, -3], [4, 4, -6], [-7, -8, -9]]);
    expect(toArray(conv2d(x, h, 'same', { convention: 'scipy' }))).toEqual([[1, 2, 3], [4, 4, 4], [7, 4, 4]]);
    // valid: z = [[4,4],[4,4]], r = z − y = [[4,3],[2,1]], value = ½(16+9+4+1) = 15.
    const y = matrix([[0, 1], [2, 3]]);
    const { value, gradKernel, gradImage } = valueAndGrad(x, h, y, 'valid');
    expect(value).toBe(15);
    // ∇ₕ[a,b] = Σ r[i,j]·x[i+1−a, j+1−b]; e.g. ∇ₕ[1,1] = 4·1+3·2+2·4+1·5 = 23.
    expect(toArray(gradKernel!)).toEqual([[63, 53], [33, 23]]);
    // ∇ₓ[u,v] = Σ h[a,b]·r[u−1+a, v−1+b] = r[u−1,v−1] − r[u,v]; e.g. ∇ₓ[0,0] = −4.
    expect(toArray(gradImage!)).toEqual([[-4, -3, 0], [-2, 3, 3], [0, 2, 1]]);
  });
});
