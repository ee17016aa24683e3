// fromCanvas / toCanvas: a round trip through a real OffscreenCanvas in Chromium; in Node, where
// there is no canvas, toCanvas says to use toImageData.
import { describe, expect, it } from 'vitest';
import { ArgumentError, fromCanvas, matrix, toCanvas } from '../../src/index.js';

const hasCanvas = typeof OffscreenCanvas === 'function';

describe(hasCanvas ? 'canvas (Chromium)' : 'canvas (Node: none)', () => {
  it(hasCanvas ? 'toCanvas then fromCanvas gives the matrices back (to 1/255)' : 'toCanvas without a canvas is an ArgumentError naming toImageData', () => {
    const r = matrix([[0, 0.25, 1], [0.5, 0.75, 1 / 255]]);
    const g = matrix([[1, 0, 0], [0, 1, 0]]);
    const b = matrix([[0.2, 0.4, 0.6], [0.8, 1, 0]]);
    if (!hasCanvas) {
      expect(() => toCanvas(r)).toThrow(ArgumentError);
      expect(() => toCanvas(r)).toThrow(/toImageData/);
      return;
    }
    const canvas = toCanvas([r, g, b]);
    expect(canvas.width).toBe(3);
    expect(canvas.height).toBe(2);
    const [r2, g2, b2] = fromCanvas(canvas, { channels: 'rgb' });
    for (const [m, back] of [[r, r2], [g, g2], [b, b2]] as const) {
      // Opaque pixels survive the canvas exactly; values are bytes, so equal to round(v·255)/255.
      expect([...back!.data]).toEqual([...m.data].map((v) => Math.round(v * 255) / 255));
    }
    const drawn = document.createElement('canvas');
    expect(toCanvas(r, { canvas: drawn })).toBe(drawn);
    expect([...fromCanvas(drawn).data]).toEqual([...r.data].map((v) => Math.round(v * 255) / 255));
  });
});
