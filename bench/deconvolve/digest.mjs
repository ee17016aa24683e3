/** FNV-1a over float64 bits: equal digests mean bit-identical images (Node and the page share it). */
export function digest(data) {
  const bytes = new Uint8Array(Float64Array.from(data).buffer);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
