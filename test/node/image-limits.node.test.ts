// Reading untrusted images: a pixel limit checked from the header before anything is decoded
// (a PNG decompression bomb fails at once, in a few KB of memory), and corrupt PNG data gives our
// own one-line message, never the decoder's internals.
import { describe, expect, it } from 'vitest';
import { FileError, ImageTooLargeError } from '../../src/node/errors.js';
import { DEFAULT_MAX_PIXELS, decodeImage, encodeImage, type Image } from '../../src/node/image-io.js';
import { deflateSync } from 'node:zlib';
import { bomb, pngChunk as chunk } from '../support/png-bomb.js';

function gray(width: number, height: number): Image {
  const data = new Float64Array(width * height).map((_, i) => (i % 7) / 7);
  return { width, height, channels: [{ data, rows: height, cols: width }], bitDepth: 8 };
}

describe('pixel limit, checked from the header before decoding', () => {
  it('a 20000×20000 PNG bomb of a few hundred bytes is refused at once with the size and the limit', () => {
    const bytes = bomb(20000, 20000);
    expect(bytes.length).toBeLessThan(1000);
    expect(DEFAULT_MAX_PIXELS).toBe(100_000_000);
    const err = (() => { try { decodeImage(bytes, {}, 'bomb.png'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ImageTooLargeError);
    expect(err).toBeInstanceOf(FileError); // the CLI's exit code 3
    expect(err).toMatchObject({ code: 'ERR_IMAGE_TOO_LARGE', path: 'bomb.png', width: 20000, height: 20000, limit: 100_000_000 });
    expect((err as Error).message).toBe('bomb.png: 20000×20000 is 400,000,000 pixels, over the limit of 100,000,000 (raise options.maxPixels to read it)');
  });

  it('applies to PNG and JPEG alike, at exactly the limit', () => {
    for (const format of ['png', 'jpeg'] as const) {
      const bytes = encodeImage(gray(40, 30), format);
      expect(() => decodeImage(bytes, { maxPixels: 1199 }, `small.${format}`)).toThrow(
        `small.${format}: 40×30 is 1,200 pixels, over the limit of 1,199 (raise options.maxPixels to read it)`,
      );
      expect(decodeImage(bytes, { maxPixels: 1200 }).width).toBe(40);
    }
  });

  it('the limit is checked against width×height, and Infinity turns it off; a bad limit is an ArgumentError', () => {
    const bytes = encodeImage(gray(40, 30), 'png');
    expect(decodeImage(bytes, { maxPixels: Infinity }).height).toBe(30);
    expect(() => decodeImage(bomb(10001, 10000), {}, 'b.png')).toThrow(/10001×10000 is 100,010,000 pixels, over the limit of 100,000,000/);
    for (const bad of [0, -1, NaN, '5', null]) expect(() => decodeImage(bytes, { maxPixels: bad as never })).toThrow(/^options.maxPixels must be a positive number/);
    expect(() => decodeImage(bytes, { maxPixels: '5' as never })).toThrow(/got the string "5"/);
    expect(() => decodeImage(bytes, { maxPixel: 5 } as never)).toThrow(/options.maxPixel is not an option of decodeImage \(did you mean 'maxPixels'\?\)/);
  });

  it('an interlaced PNG whose data inflates past its declared size is refused (pngjs would inflate it all)', () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(16, 0);
    ihdr.writeUInt32BE(16, 4);
    ihdr.set([8, 0, 0, 0, 1], 8); // 16×16 gray, Adam7 interlaced: at most a few hundred bytes of data
    const flood = deflateSync(Buffer.alloc(8 << 20)); // 8 MB of zeros in ~8 KB
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const bytes = Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', flood), chunk('IEND', new Uint8Array(0))]);
    expect(bytes.length).toBeLessThan(20_000);
    expect(() => decodeImage(bytes, {}, 'flood.png')).toThrow(/^flood\.png: cannot decode PNG: its compressed data inflates to more than a 16×16 image holds$/);
    // A genuine interlaced image of that size still reads.
    let size = 0; // the seven Adam7 passes (x0, y0, dx, dy): rows × (filter byte + samples)
    for (const [x0, y0, dx, dy] of [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const) {
      size += Math.ceil((16 - y0) / dy) * (1 + Math.ceil((16 - x0) / dx));
    }
    const fine = Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(size))), chunk('IEND', new Uint8Array(0))]);
    expect(decodeImage(fine, {}, 'fine.png').width).toBe(16);
  });
});

describe("corrupt PNG data: our one-line message, never the decoder's", () => {
  const good = encodeImage(gray(40, 40), 'png');
  const idat = Buffer.from(good).indexOf('IDAT');
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['truncated in the image data', good.subarray(0, idat + 20), /cannot decode PNG: the file is truncated$/],
    ['truncated in the header', good.subarray(0, 20), /cannot decode PNG: the file is truncated$/],
    ['a flipped byte (checksum)', Uint8Array.from(good, (b, i) => (i === idat + 10 ? b ^ 0xff : b)), /cannot decode PNG: corrupt data \(checksum mismatch in the IDAT chunk\)$/],
    ['a wrong chunk length', Uint8Array.from(good, (b, i) => (i === idat - 1 ? b + 1 : b)), /cannot decode PNG: corrupt data \(checksum mismatch in the IDAT chunk\)$/],
    ['garbage after the end', Buffer.concat([good, Buffer.from('trailing')]), /cannot decode PNG: unexpected data after the end of the image$/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      const err = (() => { try { decodeImage(bytes, {}, 'x.png'); } catch (e) { return e as Error; } })();
      expect(err).toBeInstanceOf(FileError);
      expect(err!.message).toMatch(/^x\.png: /);
      expect(err!.message).toMatch(message);
      expect(err!.message).not.toMatch(/waitng|finished stream|Crc error|unrecognised content/);
      expect(err!.message.split('\n').length).toBe(1);
    });
  }
});
