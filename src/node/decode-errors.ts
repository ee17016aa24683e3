// pngjs reports damage in its own words ("There are some read requests waitng on finished
// stream", "Crc error - …"), and sometimes the wrong one: after a bad checksum it stops reading
// and complains of "unrecognised content at end of stream". So once pngjs has failed, the chunk
// structure is checked here first (truncation, checksums, trailing bytes); otherwise each known
// message becomes a short reason, anything else a generic one. The original stays as the error's
// cause.

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** What is structurally wrong with a PNG's chunks, or null if they look whole. */
function pngStructureFault(b: Uint8Array): string | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 8; // after the signature
  for (;;) {
    if (i + 12 > b.length) return 'the file is truncated';
    const length = view.getUint32(i);
    if (i + 12 + length > b.length) return 'the file is truncated';
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (crc32(b.subarray(i + 4, i + 8 + length)) !== view.getUint32(i + 8 + length)) return `corrupt data (checksum mismatch in the ${type} chunk)`;
    i += 12 + length;
    if (type === 'IEND') return i < b.length ? 'unexpected data after the end of the image' : null;
  }
}

const PNG_REASONS: Array<[RegExp, string]> = [
  [/waitng on finished stream|Ran out of data|Unexpected end|unexpected end of file/i, 'the file is truncated'],
  [/unrecognised content at end of stream|extra data found/i, 'unexpected data after the end of the image'],
  [/Crc error/i, 'corrupt data (checksum mismatch)'],
  [/Invalid file signature/i, 'not a PNG file'],
  [/Expected IHDR/i, 'the header (IHDR) is missing'],
  [/Unsupported bit depth (\d+)/i, 'unsupported bit depth $1'],
  [/Unsupported color type/i, 'unsupported colour type'],
  [/Unsupported (compression|filter|interlace) method/i, 'unsupported $1 method'],
  [/Unsupported critical chunk type (\S+)/i, 'unsupported critical chunk $1'],
  [/palette|transparent colors/i, 'corrupt palette'],
  [/filter type/i, 'corrupt image data (bad row filter)'],
  [/incorrect header check|invalid|inflate|deflate|zlib|Z_/i, 'corrupt compressed image data'],
];

/** A one-line reason for a PNG (`bytes`) that pngjs could not decode (`err`). */
export function pngDecodeReason(bytes: Uint8Array, err: unknown): string {
  const fault = pngStructureFault(bytes);
  if (fault !== null) return fault;
  const text = err instanceof Error ? `${err.message} ${(err as { code?: unknown }).code ?? ''}` : String(err);
  for (const [pattern, reason] of PNG_REASONS) {
    const m = pattern.exec(text);
    if (m) return reason.replace('$1', m[1] ?? '');
  }
  return 'corrupt or unsupported PNG data';
}
