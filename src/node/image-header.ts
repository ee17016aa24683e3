import type { ImageFormat } from './image-io.js';

/** Width and height as an image file's header declares them. */
export interface ImageSize {
  width: number;
  height: number;
}

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);

/** PNG: the IHDR chunk right after the signature (bytes 16–23). Null if it is not there. */
function pngSize(b: Uint8Array): ImageSize | null {
  if (b.length < 24 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null;
  return { width: u32(b, 16), height: u32(b, 20) };
}

// Start-of-frame markers (every coding process); C4, C8 and CC are other segments.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** JPEG: walks the marker segments up to the frame header. Null if there is none before the scan. */
function jpegSize(b: Uint8Array): ImageSize | null {
  let i = 2; // after SOI
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) { i += 2; continue; } // no length
    if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame
    if (SOF.has(marker)) return i + 8 < b.length ? { height: u16(b, i + 5), width: u16(b, i + 7) } : null;
    i += 2 + u16(b, i + 2);
  }
  return null;
}

/**
 * The size an image's header declares, read without decoding anything (so a file that would
 * decode to gigabytes can be refused first). Null when the header is missing or cut short: the
 * decoder then reports the damage.
 */
export function declaredSize(bytes: Uint8Array, format: ImageFormat): ImageSize | null {
  return format === 'png' ? pngSize(bytes) : jpegSize(bytes);
}
