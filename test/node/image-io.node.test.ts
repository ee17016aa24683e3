// Image files: PNG 8/16-bit gray and RGB, JPEG; floats in [0, 1]; colour modes; clear errors.
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/node/errors.js';
import { decodeImage, encodeImage, readImage, toLuminance, writeImage, type Image } from '../../src/node/image-io.js';

const dir = mkdtempSync(join(tmpdir(), 'convgrad-io-'));

/** A small image with distinct, exactly representable 8-bit values per channel. */
function testImage(channels: 1 | 3, width = 7, height = 5, levels = 255): Image {
  const n = width * height;
  const planes = Array.from({ length: channels }, (_, c) => {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = ((i * 37 + c * 91) % (levels + 1)) / levels;
    return { data, rows: height, cols: width };
  });
  return { width, height, channels: planes, bitDepth: levels === 65535 ? 16 : 8 };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};

describe('PNG', () => {
  for (const [channels, bitDepth] of [[1, 8], [1, 16], [3, 8], [3, 16]] as const) {
    it(`round-trips ${bitDepth}-bit ${channels === 1 ? 'gray' : 'RGB'} exactly`, async () => {
      const img = testImage(channels, 7, 5, bitDepth === 16 ? 65535 : 255);
      const file = join(dir, `rt-${channels}-${bitDepth}.png`);
      await writeImage(file, img);
      const bytes = readFileSync(file);
      expect(bytes[24], 'bit depth in IHDR').toBe(bitDepth);
      expect(bytes[25], 'colour type in IHDR').toBe(channels === 1 ? 0 : 2);
      const back = await readImage(file);
      expect(back.bitDepth).toBe(bitDepth);
      expect(back.channels.length).toBe(channels);
      expect([back.width, back.height]).toEqual([7, 5]);
      back.channels.forEach((c, i) => expect(maxDiff(c.data, img.channels[i]!.data)).toBeLessThan(1e-12));
    });
  }

  it('clamps out-of-range values and writes NaN as 0', () => {
    const img: Image = { width: 3, height: 1, bitDepth: 8, channels: [{ data: Float64Array.of(-0.5, 1.7, NaN), rows: 1, cols: 3 }] };
    const back = decodeImage(encodeImage(img, 'png'));
    expect(Array.from(back.channels[0]!.data)).toEqual([0, 1, 0]);
  });

  it('reads the bundled photo as one 512×512 gray channel in [0, 1]', async () => {
    const img = await readImage(join(import.meta.dirname, '../../examples/data/camera.png'));
    expect(img.channels.length).toBe(1);
    expect([img.width, img.height, img.bitDepth]).toEqual([512, 512, 8]);
    const d = Array.from(img.channels[0]!.data);
    expect(d.reduce((a, v) => Math.min(a, v))).toBeGreaterThanOrEqual(0);
    expect(d.reduce((a, v) => Math.max(a, v))).toBeLessThanOrEqual(1);
  });

  it('reads RGB as three channels, or one luma channel (BT.601) with color: luminance', () => {
    const img = testImage(3);
    const bytes = encodeImage(img, 'png');
    const rgb = decodeImage(bytes);
    const gray = decodeImage(bytes, { color: 'luminance' });
    expect(rgb.channels.length).toBe(3);
    expect(gray.channels.length).toBe(1);
    const [r, g, b] = img.channels.map((c) => c.data);
    expect(gray.channels[0]!.data[3]).toBeCloseTo(0.299 * r![3]! + 0.587 * g![3]! + 0.114 * b![3]!, 12);
    expect(maxDiff(toLuminance(rgb).channels[0]!.data, gray.channels[0]!.data)).toBeLessThan(1e-12);
  });

  it('reads an RGB file whose channels are all equal as gray', () => {
    const g = testImage(1);
    const img: Image = { ...g, channels: [g.channels[0]!, g.channels[0]!, g.channels[0]!] };
    expect(decodeImage(encodeImage(img, 'png')).channels.length).toBe(1);
  });

  it('gives float32 channels when asked', () => {
    expect(decodeImage(encodeImage(testImage(1), 'png'), { dtype: 'float32' }).channels[0]!.data).toBeInstanceOf(Float32Array);
  });
});

describe('JPEG', () => {
  it('round-trips RGB and gray within JPEG loss, detected by signature not extension', async () => {
    for (const channels of [1, 3] as const) {
      // Smooth content: JPEG's loss on it is small.
      const img = testImage(channels, 32, 24);
      img.channels.forEach((c, ch) => {
        for (let i = 0; i < c.data.length; i++) c.data[i] = 0.1 + 0.1 * ch + 0.6 * ((i % 32) / 31);
      });
      const file = join(dir, `photo-${channels}.jpeg`);
      await writeImage(file, img);
      const renamed = join(dir, `photo-${channels}.dat`);
      writeFileSync(renamed, readFileSync(file));
      const back = await readImage(renamed);
      expect(back.channels.length).toBe(channels);
      expect(back.bitDepth).toBe(8);
      back.channels.forEach((c, i) => expect(maxDiff(c.data, img.channels[i]!.data)).toBeLessThan(0.05));
    }
  });
});

describe('errors name the file', () => {
  it('missing file', async () => {
    const file = join(dir, 'nope.png');
    await expect(readImage(file)).rejects.toThrow(new FileError(file, 'cannot read: no such file or directory'));
    await expect(readImage(file)).rejects.toMatchObject({ name: 'FileError', code: 'ERR_FILE', path: file });
  });
  it('not an image', async () => {
    const file = join(dir, 'text.png');
    writeFileSync(file, 'hello, not a png');
    await expect(readImage(file)).rejects.toThrow(`${file}: not a PNG or JPEG image`);
  });
  it('truncated PNG', async () => {
    const file = join(dir, 'cut.png');
    writeFileSync(file, encodeImage(testImage(1, 40, 40), 'png').subarray(0, 60));
    await expect(readImage(file)).rejects.toThrow(/cut\.png: cannot decode PNG/);
  });
  it('unknown output extension, and nothing is left behind', async () => {
    const file = join(dir, 'out.bmp');
    await expect(writeImage(file, testImage(1))).rejects.toThrow(/out\.bmp: unknown image format/);
    await expect(writeImage(join(dir, 'no-such-dir', 'x.png'), testImage(1))).rejects.toThrow(/x\.png: cannot write: no such file/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
