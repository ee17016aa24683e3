/// <reference types="node" />
// convgrad/node: Node-only helpers around the core (image and kernel files, kernels, figures).
export {
  readImage, writeImage, decodeImage, encodeImage, toLuminance, sniffFormat, formatOfPath, DEFAULT_MAX_PIXELS,
} from './image-io.js';
export type { Image, ImageFormat, ColorMode, ReadImageOptions, WriteImageOptions } from './image-io.js';
export { readKernelFile, writeKernelFile, parseKernelJson, kernelToJson, loadKernel } from './kernel-file.js';
export type { KernelJson } from './kernel-file.js';
export { gaussianKernel, motionKernel, kernelFromSpec } from './kernels.js';
export { padForSame, validInterior, validOffsetInSame, crop } from './geometry.js';
export type { Boundary } from './geometry.js';
export { withGaussianNoise } from './noise.js';
export { kernelHeatmap, kernelHeatmapPng } from './heatmap.js';
export type { HeatmapOptions } from './heatmap.js';
export { convergenceSvg } from './plot.js';
export type { PlotSeries } from './plot.js';
export { writeFileAtomic } from './atomic-write.js';
export { FileError, ImageTooLargeError } from './errors.js';
