/// <reference types="node" />
import { constants } from 'node:buffer';
import { inflateSync } from 'node:zlib';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * pngjs caps what it inflates at the declared image size, except for interlaced PNGs: there a
 * small declared image can carry a deflate stream that inflates to gigabytes. For those the data
 * is inflated here first, capped at what the declared image can hold (Adam7's extra filter bytes
 * included, generously), and true means it holds more: refuse the file. Anything damaged is left
 * to the decoder to report.
 */
export function interlacedPngOverflows(b: Uint8Array): boolean {
  if (b.length < 33 || b[28] !== 1) return false; // IHDR byte 28: interlace method (1 = Adam7)
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const [width, height, depth, colorType] = [view.getUint32(16), view.getUint32(20), b[24]!, b[25]!];
  const rowBytes = Math.ceil((width * (CHANNELS[colorType] ?? 4) * depth) / 8) + 1;
  const cap = Math.min(4 * rowBytes * height + 64, constants.MAX_LENGTH);
  const parts: Uint8Array[] = [];
  for (let i = 8; i + 12 <= b.length;) {
    const length = view.getUint32(i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (i + 12 + length > b.length || type === 'IEND') break;
    if (type === 'IDAT') parts.push(b.subarray(i + 8, i + 8 + length));
    i += 12 + length;
  }
  try {
    inflateSync(Buffer.concat(parts), { maxOutputLength: cap });
    return false;
  } catch (err) {
    return err instanceof RangeError || (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
  }
}
