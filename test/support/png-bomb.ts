// Hand-made PNG files for the image-limit tests: chunks with their CRC, and a decompression bomb.
import { deflateSync } from 'node:zlib';

/** CRC-32 (ISO-HDLC), as PNG chunks carry it; written out here so the test builds files by itself. */
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}
/**
 * A decompression bomb: an 8-bit gray PNG declaring width×height whose IDAT holds only the first
 * rows (a full bomb would be ~1000× smaller than its pixels; this is smaller still). Decoding it
 * would allocate width·height bytes before finding out.
 */
export function bomb(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // depth 8, gray, deflate, adaptive filter, no interlace
  const rows = deflateSync(Buffer.alloc(4 * (width + 1))); // four rows of zeros (filter byte + samples)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', rows), pngChunk('IEND', new Uint8Array(0))]);
}
