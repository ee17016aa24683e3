// fromImageData's luminance is the CLI's (convgrad/node readImage with color 'luminance'), bit for
// bit, on a colour photo: the page and the command line see the same numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fromImageData } from '../../src/index.js';
import { decodeImage } from '../../src/node/index.js';

const root = join(import.meta.dirname, '..', '..');

describe('fromImageData and the CLI', () => {
  it('read a colour PNG to the same luminance and channels, bit for bit', () => {
    const bytes = readFileSync(join(root, 'web', 'public', 'images', 'astronaut.png'));
    const png = PNG.sync.read(bytes);
    const pixels = { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
    const cli = decodeImage(new Uint8Array(bytes), { color: 'luminance' });
    expect(cli.channels).toHaveLength(1);
    const luma = fromImageData(pixels);
    expect(luma.rows).toBe(cli.height);
    expect(luma.cols).toBe(cli.width);
    expect(Buffer.from(luma.data.buffer).equals(Buffer.from(cli.channels[0]!.data.buffer))).toBe(true);
    const rgb = fromImageData(pixels, { channels: 'rgb' });
    const cliRgb = decodeImage(new Uint8Array(bytes), { color: 'rgb' }).channels;
    expect(cliRgb).toHaveLength(3);
    for (let c = 0; c < 3; c++) expect(Buffer.from(rgb[c]!.data.buffer).equals(Buffer.from(cliRgb[c]!.data.buffer))).toBe(true);
  });
});
