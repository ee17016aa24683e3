/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { ArgumentError } from '../errors.js';
import { checkOptions, describeValue } from '../validate.js';
import type { DType, FloatArray, Matrix } from '../types.js';
import { writeFileAtomic } from './atomic-write.js';
import { pngDecodeReason } from './decode-errors.js';
import { describeFsError, FileError, ImageTooLargeError } from './errors.js';
import { declaredSize } from './image-header.js';
import { interlacedPngOverflows } from './png-inflate-guard.js';

const { PNG } = pngjs;

/** An image as float samples in [0, 1]: one channel (gray) or three (R, G, B). */
export interface Image {
  width: number;
  height: number;
  /** One matrix per channel, each height×width, row-major. */
  channels: Matrix[];
  /** Bits per sample of the source file (JPEG and ≤ 8-bit PNG: 8). Writing keeps it unless told. */
  bitDepth: 8 | 16;
}

/** An image file format convgrad reads and writes. */
export type ImageFormat = 'png' | 'jpeg';

/** How colour images are read: each of R, G, B as its own channel, or one luma channel. */
export type ColorMode = 'rgb' | 'luminance';

/** Options of `readImage` / `decodeImage`: colour handling and dtype. */
export interface ReadImageOptions {
  /** Default 'rgb' (gray files give one channel either way). */
  color?: ColorMode;
  /** Default 'float64'. */
  dtype?: DType;
  /**
   * Largest width × height accepted, checked from the file's header before decoding (a small
   * file can declare gigapixels). Default `DEFAULT_MAX_PIXELS` (100 million); `Infinity` for none.
   */
  maxPixels?: number;
}

/**
 * The default pixel limit of `readImage`/`decodeImage`: 100 million pixels (10000×10000), the
 * limit jpeg-js applies to JPEG by default, now applied to PNG too. At the default float64 that
 * is up to 2.4 GB of RGB samples.
 */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/** Options of `writeImage` / `encodeImage`: bit depth, JPEG quality. */
export interface WriteImageOptions {
  /** Default: from the file extension (.png, .jpg/.jpeg). */
  format?: ImageFormat;
  /** PNG sample depth; default the image's own. JPEG is always 8-bit. */
  bitDepth?: 8 | 16;
  /** JPEG quality 1–100, default 92. */
  quality?: number;
}

// MATLAB rgb2gray / ITU-R BT.601 luma weights, applied to the stored (gamma-encoded) values.
const LUMA = [0.299, 0.587, 0.114] as const;

function newArray(dtype: DType, n: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/** The format of encoded bytes, from their signature. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** The format a path's extension asks for, or null. */
export function formatOfPath(path: string): ImageFormat | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  return null;
}

/** Interleaved RGBA samples (any integer range) to float channels. */
function fromRgba(
  rgba: ArrayLike<number>, width: number, height: number, max: number, gray: boolean,
  bitDepth: 8 | 16, options: ReadImageOptions,
): Image {
  const dtype = options.dtype ?? 'float64';
  const n = width * height;
  // A colour file whose three channels are equal everywhere is gray: one channel is enough.
  let isGray = gray;
  if (!isGray) {
    isGray = true;
    for (let i = 0; i < n && isGray; i++) {
      const p = 4 * i;
      isGray = rgba[p] === rgba[p + 1] && rgba[p] === rgba[p + 2];
    }
  }
  const scale = 1 / max;
  const plane = (weights: readonly number[]): Matrix => {
    const data = newArray(dtype, n);
    for (let i = 0; i < n; i++) {
      const p = 4 * i;
      data[i] = (weights[0]! * rgba[p]! + weights[1]! * rgba[p + 1]! + weights[2]! * rgba[p + 2]!) * scale;
    }
    return { data, rows: height, cols: width };
  };
  // One sample per pixel: a plain scaled copy (the same values as weights [1, 0, 0]: r·1 + 0 + 0 = r).
  const sample = (offset: number): Matrix => {
    const data = newArray(dtype, n);
    for (let i = 0, p = offset; i < n; i++, p += 4) data[i] = rgba[p]! * scale;
    return { data, rows: height, cols: width };
  };
  let channels: Matrix[];
  if (isGray) channels = [sample(0)];
  else if (options.color === 'luminance') channels = [plane(LUMA)];
  else channels = [sample(0), sample(1), sample(2)];
  return { width, height, channels, bitDepth };
}

function checkMaxPixels(limit: unknown): number {
  if (limit === undefined) return DEFAULT_MAX_PIXELS;
  if (typeof limit !== 'number' || !(limit > 0)) {
    throw new ArgumentError(`options.maxPixels must be a positive number (Infinity for no limit), got ${describeValue(limit)}`);
  }
  return limit;
}

const READ_OPTIONS = ['color', 'dtype', 'maxPixels'] as const;

function checkColor(color: unknown): void {
  if (color !== undefined && color !== 'rgb' && color !== 'luminance') {
    throw new ArgumentError(`options.color must be 'rgb' or 'luminance', got ${JSON.stringify(color)}`);
  }
}

/**
 * Decodes PNG (1–16-bit gray, gray+alpha, RGB, RGBA, palette) or baseline/progressive JPEG
 * bytes. Samples become floats in [0, 1]; alpha is ignored. `name` is used in error messages.
 * An image whose header declares more than `options.maxPixels` pixels is refused before decoding.
 * @throws FileError (not an image, corrupt data), ImageTooLargeError (over the pixel limit),
 *   ArgumentError (bad options)
 */
export function decodeImage(bytes: Uint8Array, options: ReadImageOptions = {}, name = 'image'): Image {
  checkOptions('options', options, READ_OPTIONS, 'decodeImage');
  checkColor(options.color);
  const maxPixels = checkMaxPixels(options.maxPixels);
  const format = sniffFormat(bytes);
  if (format === null) throw new FileError(name, 'not a PNG or JPEG image');
  const size = declaredSize(bytes, format);
  if (size && size.width * size.height > maxPixels) throw new ImageTooLargeError(name, size.width, size.height, maxPixels);
  if (format === 'png') {
    if (interlacedPngOverflows(bytes)) {
      throw new FileError(name, `cannot decode PNG: its compressed data inflates to more than a ${size ? `${size.width}×${size.height}` : 'its declared'} image holds`);
    }
    let png: InstanceType<typeof PNG>;
    try {
      png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
    } catch (err) {
      throw Object.assign(new FileError(name, `cannot decode PNG: ${pngDecodeReason(bytes, err)}`), { cause: err });
    }
    const meta = png as unknown as { depth: number; colorType: number };
    // skipRescale keeps 16-bit samples (and 1/2/4-bit gray levels) unscaled; palettes are 8-bit colours.
    const max = meta.colorType === 3 ? 255 : 2 ** meta.depth - 1;
    const gray = meta.colorType === 0 || meta.colorType === 4;
    return fromRgba(png.data, png.width, png.height, max, gray, meta.depth === 16 ? 16 : 8, options);
  }
  let jpg: { width: number; height: number; data: Uint8Array };
  try {
    // jpeg-js has its own resolution limit (100 MP by default): it follows ours.
    jpg = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048, maxResolutionInMP: maxPixels / 1e6 });
  } catch (err) {
    throw Object.assign(new FileError(name, `cannot decode JPEG: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`), { cause: err });
  }
  return fromRgba(jpg.data, jpg.width, jpg.height, 255, false, 8, options);
}

/**
 * Reads and decodes an image file (see `decodeImage`).
 * @throws FileError (missing, unreadable or undecodable file; ImageTooLargeError over `maxPixels`)
 */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<Image> {
  checkOptions('options', options, READ_OPTIONS, 'readImage'); // before touching the file
  checkMaxPixels(options.maxPixels);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new FileError(path, `cannot read: ${describeFsError(err)}`);
  }
  return decodeImage(bytes, options, path);
}

/** Clamps to [0, 1] and rounds to the integer range [0, max]. */
function quantise(v: number, max: number): number {
  const c = v > 1 ? 1 : v >= 0 ? v : 0; // NaN → 0
  return Math.round(c * max);
}

function checkChannels(image: Image): void {
  const { channels, width, height } = image;
  if (channels.length !== 1 && channels.length !== 3) {
    throw new ArgumentError(`an image has 1 (gray) or 3 (RGB) channels, got ${channels.length}`);
  }
  for (const c of channels) {
    if (c.rows !== height || c.cols !== width) {
      throw new ArgumentError(`channel is ${c.rows}×${c.cols}, the image is ${height}×${width}`);
    }
  }
}

/** Encodes an image as PNG (8- or 16-bit, gray or RGB) or JPEG. Values are clamped to [0, 1]. */
export function encodeImage(image: Image, format: ImageFormat, options: Omit<WriteImageOptions, 'format'> = {}): Uint8Array {
  checkChannels(image);
  const { width, height, channels } = image;
  const n = width * height;
  const c = channels.length;
  if (format === 'jpeg') {
    const rgba = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < 3; ch++) rgba[4 * i + ch] = quantise(channels[c === 1 ? 0 : ch]!.data[i]!, 255);
      rgba[4 * i + 3] = 255;
    }
    return jpeg.encode({ data: rgba, width, height }, options.quality ?? 92).data;
  }
  const bitDepth = options.bitDepth ?? image.bitDepth;
  const max = bitDepth === 16 ? 65535 : 255;
  // pngjs reads 16-bit input as native-endian Uint16 samples and 8-bit input as bytes.
  const samples = bitDepth === 16 ? new Uint16Array(c * n) : new Uint8Array(c * n);
  for (let i = 0; i < n; i++) {
    for (let ch = 0; ch < c; ch++) samples[c * i + ch] = quantise(channels[ch]!.data[i]!, max);
  }
  const colorType = c === 1 ? 0 : 2;
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth });
  png.data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  // Paeth on every row rather than pngjs's default per-row trial of all five filters: on
  // photographs the files come out the same size (astronaut.png 290 112 vs 290 179 bytes) in half
  // the time (58 vs 112 ms for 512×512 RGB, first call), which the CLI waits for after its solves.
  return PNG.sync.write(png, { filterType: 4, colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth });
}

/** Encodes and writes an image atomically (temp file, then rename). */
export async function writeImage(path: string, image: Image, options: WriteImageOptions = {}): Promise<void> {
  const format = options.format ?? formatOfPath(path);
  if (format === null) throw new FileError(path, 'unknown image format: use a .png, .jpg or .jpeg file name');
  await writeFileAtomic(path, encodeImage(image, format, options));
}

/** The image reduced to one luma channel (gray images are returned as they are). */
export function toLuminance(image: Image): Image {
  if (image.channels.length === 1) return image;
  const [r, g, b] = image.channels as [Matrix, Matrix, Matrix];
  const data = newArray(r.data instanceof Float32Array ? 'float32' : 'float64', r.data.length);
  for (let i = 0; i < data.length; i++) data[i] = LUMA[0] * r.data[i]! + LUMA[1] * g.data[i]! + LUMA[2] * b.data[i]!;
  return { ...image, channels: [{ data, rows: r.rows, cols: r.cols }] };
}
