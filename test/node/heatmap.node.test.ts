// Kernel heatmaps (src/node/heatmap.ts) and their labels (src/node/bitmap-text.ts): the bare
// layout is unchanged, glyphs match hand-drawn 5×7 bitmaps, and a labelled heatmap carries its
// captions, its panels on the shared colour scale, and a colour bar from the range's top to bottom.
import { describe, expect, it } from 'vitest';
import { ArgumentError, type Matrix } from '../../src/index.js';
import { drawText, textSize, toFontText } from '../../src/node/bitmap-text.js';
import { kernelHeatmap, kernelHeatmapPng } from '../../src/node/heatmap.js';
import { decodeImage } from '../../src/node/image-io.js';

const kernel = (rows: number, cols: number, f: (i: number, j: number) => number): Matrix => {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = f(i, j);
  return { data, rows, cols };
};

/** The pixel (x, y) of an image as 0…255 RGB. */
const rgbAt = (img: ReturnType<typeof kernelHeatmap>, x: number, y: number) =>
  img.channels.map((c) => Math.round(c.data[y * img.width + x]! * 255));

// Viridis' ends (matplotlib): the colour of the range's bottom and top.
const VIRIDIS_LOW = [0x44, 0x01, 0x54];
const VIRIDIS_HIGH = [0xfd, 0xe7, 0x25];

describe('bitmap text', () => {
  it('draws glyphs as the 5×7 bitmaps, at an integer scale', () => {
    // Hand-drawn: 'L', '1' and 'x' of the classic 5×7 font, row by row.
    const want: Record<string, string[]> = {
      L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
      1: ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
      x: ['.....', '.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#'],
    };
    for (const [ch, rows] of Object.entries(want)) {
      for (const scale of [1, 3]) {
        const w = 5 * scale;
        const plane = new Float64Array(w * 7 * scale).fill(1);
        drawText([plane], w, 0, 0, ch, scale, [0]);
        const got = Array.from({ length: 7 }, (_, r) =>
          Array.from({ length: 5 }, (_, c) => (plane[r * scale * w + c * scale] === 0 ? '#' : '.')).join(''));
        expect(got, `${ch} at scale ${scale}`).toEqual(rows);
        // Each font pixel is a full scale×scale square.
        expect(plane.filter((v) => v === 0).length).toBe(rows.join('').match(/#/g)!.length * scale * scale);
      }
    }
  });

  it('measures text, clips at the image edge, and spells out what the font lacks', () => {
    expect(textSize('ab', 2)).toEqual({ width: (2 * 6 - 1) * 2, height: 14 });
    expect(textSize('', 2).width).toBe(0);
    expect(toFontText('15×15, h ≥ 0, Σh = 1 ✓')).toBe('15x15, h >= 0, sum h = 1 ?');
    const plane = new Float64Array(4 * 4).fill(1);
    expect(() => drawText([plane], 4, -3, -3, 'WW', 2, [0])).not.toThrow();
  });
});

describe('kernelHeatmap', () => {
  const a = kernel(5, 7, (i, j) => i * 7 + j); // 0 … 34
  const b = kernel(3, 3, (i, j) => (i === 1 && j === 1 ? 34 : 0));

  it('without labels: the panels side by side, a one-tap gap, nothing else', () => {
    const img = kernelHeatmap([a, b], { scale: 4 });
    expect([img.width, img.height]).toEqual([7 * 4 + 4 + 3 * 4, 5 * 4]);
    expect(rgbAt(img, 0, 0)).toEqual(VIRIDIS_LOW); // a[0][0] = 0, the range's bottom
    expect(rgbAt(img, 7 * 4 - 1, 5 * 4 - 1)).toEqual(VIRIDIS_HIGH); // a[4][6] = 34, its top
    expect(rgbAt(img, 7 * 4 + 1, 0)).toEqual([255, 255, 255]); // the gap
  });

  it('with labels: captions above each panel, panels on the shared scale, a colour bar at the right', () => {
    const scale = 10; // panels 50 px high: taller than the bar's three tick labels, so the bar spans them
    const img = kernelHeatmap([a, b], { scale, labels: ['true kernel', 'estimate'] });
    const planes = img.channels.map((c) => c.data as Float64Array);
    const ink = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (planes[0]![y * img.width + x]! < 0.5 && planes[2]![y * img.width + x]! < 0.5) n++;
      return n;
    };
    // Find the first panel: the top-left pixel with a's bottom colour.
    let top = -1;
    let left = -1;
    search: for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        if (rgbAt(img, x, y).join() === VIRIDIS_LOW.join()) { top = y; left = x; break search; }
      }
    }
    expect(top).toBeGreaterThan(2 * 14); // two lines of 14-px text fit above it
    // The panel itself: a[r][c] at (left + c·scale, top + r·scale), top right is 6 = 6/34 of the way.
    expect(rgbAt(img, left + 7 * scale - 1, top + 5 * scale - 1)).toEqual(VIRIDIS_HIGH);
    // Captions: ink above the panels, none below the caption band inside the panel rows.
    expect(ink(0, 0, img.width, top)).toBeGreaterThan(50);
    // The caption band holds exactly the text drawn by drawText for the two labels and sizes.
    const lines = ['true kernel', '5x7', 'estimate', '3x3'];
    expect(ink(0, 0, img.width, top)).toBe(
      lines.reduce((s, t) => {
        const w = textSize(t, 2).width;
        const p = new Float64Array(w * 14).fill(1);
        drawText([p], w, 0, 0, t, 2, [0]);
        return s + p.filter((v) => v === 0).length;
      }, 0),
    );
    // The colour bar: the rightmost column of viridis' top colour, its bottom row viridis' bottom.
    let barX = -1;
    for (let x = img.width - 1; x >= 0 && barX < 0; x--) if (rgbAt(img, x, top).join() === VIRIDIS_HIGH.join()) barX = x;
    expect(barX).toBeGreaterThan(left + 7 * scale + 3 * scale);
    expect(rgbAt(img, barX, top + 5 * scale - 1)).toEqual(VIRIDIS_LOW);
    // Its ticks' text (34, 17, 0) right of it.
    expect(ink(barX + 1, top, img.width, top + 5 * scale)).toBeGreaterThan(20);
  });

  it('the PNG decodes to the same image', () => {
    const opts = { scale: 3, labels: ['k'] };
    const img = kernelHeatmap([a], opts);
    const png = decodeImage(kernelHeatmapPng(a, opts));
    expect([png.width, png.height, png.channels.length]).toEqual([img.width, img.height, 3]);
    expect(Array.from(png.channels[1]!.data, (v) => Math.round(v * 255))).toEqual(Array.from(img.channels[1]!.data, (v) => Math.round(v * 255)));
  });

  it('rejects labels that are not one string per kernel, and unknown options', () => {
    expect(() => kernelHeatmap([a, b], { labels: ['one'] })).toThrow(ArgumentError);
    expect(() => kernelHeatmap([a, b], { labels: ['one'] })).toThrow(/options\.labels must be one string per kernel \(2\), got 1 entries/);
    expect(() => kernelHeatmap([a], { label: ['x'] } as never)).toThrow(/options\.label is not an option of kernelHeatmap \(did you mean 'labels'\?\)/);
  });
});
