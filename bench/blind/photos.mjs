// The photos the benchmark crops (luminance, float64 in [0, 1]); licences beside the files.
import { join } from 'node:path';
import { readImage } from '../../dist/node/index.js';

export const PHOTOS = [
  ['camera', 'examples/data/camera.png'],
  ['astronaut', 'web/public/images/astronaut.png'],
];

export async function loadPhotos(root) {
  const out = [];
  for (const [name, path] of PHOTOS) {
    const ch = (await readImage(join(root, path), { color: 'luminance' })).channels[0];
    out.push({ name, data: Float64Array.from(ch.data), rows: ch.rows, cols: ch.cols });
  }
  return out;
}
