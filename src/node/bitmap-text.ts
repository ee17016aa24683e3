// Text in raster images with no font files and no dependencies: the classic public-domain 5×7
// bitmap glyphs for printable ASCII, drawn at an integer scale (each glyph pixel a square).
// Enough for labels on the heatmaps the CLI and the main job write.

/** ASCII 32…126, 5 columns of 7 bits each (bit 0 = top row), two hex digits per column. */
const GLYPHS =
  '000000000000005F00000007000700147F147F14242A7F2A12231308646236495522500005030000001C2241000041221C00' +
  '082A1C2A0808083E080800503000000808080808006060000020100804023E5149453E00427F400042615149462141454B31' +
  '1814127F1027454545393C4A49493001710905033649494936064949291E0036360000005636000008142241001414141414' +
  '00412214080201510906324979413E7E1111117E7F494949363E414141227F4141221C7F494949417F090909013E4149497A' +
  '7F0808087F00417F41002040413F017F081422417F404040407F020C027F7F0408107F3E4141413E7F090909063E4151215E' +
  '7F09192946464949493101017F01013F4040403F1F2040201F3F4038403F631408146307087008076151494543007F414100' +
  '02040810200041417F0004020102044040404040000102040020545454787F484444383844444420384444487F3854545418' +
  '087E0901020C5252523E7F0804047800447D40002040443D007F1028440000417F40007C041804787C080404783844444438' +
  '7C14141408081414187C7C080404084854545420043F4440203C4040207C1C2040201C3C4030403C44281028440C5050503C' +
  '4464544C44000836410000007F000000413608001008081008';

/** Glyph width and height in font pixels, and the advance (one blank column between glyphs). */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
const ADVANCE = GLYPH_WIDTH + 1;

/** The text as the font can draw it: a few common symbols spelled out, anything else as '?'. */
export function toFontText(text: string): string {
  return text
    .replace(/×/g, 'x').replace(/≥/g, '>=').replace(/≤/g, '<=').replace(/−/g, '-').replace(/Σ/g, 'sum ')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** Width and height in image pixels of `text` drawn at `scale`. */
export function textSize(text: string, scale: number): { width: number; height: number } {
  const n = toFontText(text).length;
  return { width: n === 0 ? 0 : (n * ADVANCE - 1) * scale, height: GLYPH_HEIGHT * scale };
}

/**
 * Draws `text` with its top-left corner at (x, y) into colour planes of `width` columns (values in
 * [0, 1], one plane per channel), in `color` (one value per plane); pixels outside are skipped.
 */
export function drawText(
  planes: readonly Float64Array[], width: number, x: number, y: number, text: string, scale: number, color: readonly number[],
): void {
  const height = planes[0]!.length / width;
  const chars = toFontText(text);
  for (let i = 0; i < chars.length; i++) {
    const g = chars.charCodeAt(i) - 32;
    for (let col = 0; col < GLYPH_WIDTH; col++) {
      const bits = parseInt(GLYPHS.substr((g * GLYPH_WIDTH + col) * 2, 2), 16);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        if (((bits >> row) & 1) === 0) continue;
        const px = x + (i * ADVANCE + col) * scale;
        const py = y + row * scale;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const u = px + dx;
            const v = py + dy;
            if (u < 0 || u >= width || v < 0 || v >= height) continue;
            planes.forEach((p, c) => { p[v * width + u] = color[c]!; });
          }
        }
      }
    }
  }
}
