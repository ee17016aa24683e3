// Pixels in and out: ImageData and canvases to matrices in [0, 1] and back.
export { fromImageData } from './from-image-data.js';
export { toImageData } from './to-image-data.js';
export { fromCanvas, toCanvas } from './canvas.js';
export type { CanvasLike, Channels, FromImageDataOptions, ImageDataLike, ToImageDataOptions } from './types.js';
