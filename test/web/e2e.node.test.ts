// End to end: the demo page (web/) built by Vite into a static bundle, served on 127.0.0.1 by a
// plain node:http server, driven in Debian's Chromium by playwright. It runs the
// estimate-and-deblur pipeline on the bundled photo, checks the numbers against Node, checks
// Cancel (through the AbortSignal when cross-origin isolated, by restarting the worker when not),
// the on-page errors, and that nothing was logged as a console error. Screenshot:
// test-artifacts/web-demo.png.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { PNG } from 'pngjs';
import { conv2d, deconvolveBlind, estimateKernel, init } from 'convgrad';
import { gaussianKernel, padForSame, readImage, validInterior, withGaussianNoise } from 'convgrad/node';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const artifacts = join(root, 'test-artifacts');
const haveChromium = existsSync(chromiumPath);
const ci = process.env.CI === 'true' || process.env.CI === '1';
if (!haveChromium && ci) throw new Error(`CI=true but no Chromium at ${chromiumPath}: the web e2e test cannot run`);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/**
 * Serves `dir` on 127.0.0.1 (a free port). Under /plain/ the same files come without the
 * cross-origin isolation headers, as from any static server.
 */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    const plain = path.startsWith('/plain/');
    if (plain) path = path.slice('/plain'.length);
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(dir, `.${path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (!plain) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

interface DemoState {
  ready: boolean;
  backend: string;
  cancelMode: string;
  trueKernel: { rows: number; cols: number; data: number[] } | null;
  estimate: { kernel: { rows: number; cols: number; data: number[] }; relError: number; wallMs: number; solverMs: number; iterations: number; method: string; backend: string; history: number[] } | null;
  jsEstimate: { kernel: { rows: number; cols: number; data: number[] }; solverMs: number; backend: string } | null;
  deblur: { psnrBlurred: number; psnrDeblurred: number; wallMs: number; iterations: number; method: string } | null;
}

const demoState = (page: Page) =>
  page.evaluate(() => {
    const d = (window as unknown as { convgradDemo: DemoState }).convgradDemo;
    return { ready: d.ready, backend: d.backend, cancelMode: d.cancelMode, trueKernel: d.trueKernel, estimate: d.estimate, jsEstimate: d.jsEstimate, deblur: d.deblur };
  });

/** Clicks a button and waits until the job it queued (and any queued before it) has ended. */
async function runJob(page: Page, selector: string, timeout = 30_000): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-jobs'));
  await page.click(selector);
  await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before, { timeout });
  await page.waitForFunction(() => document.body.dataset.busy === '0', undefined, { timeout });
}

/** Summary of a canvas's pixels: how many distinct colours, and whether any pixel is not blank. */
const canvasStats = (page: Page, id: string) =>
  page.evaluate((id) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) colours.add((px[i]! << 24) | (px[i + 1]! << 16) | (px[i + 2]! << 8) | px[i + 3]!);
    return { width: c.width, height: c.height, colours: colours.size };
  }, id);

const statusOf = async (page: Page) => ({
  kind: await page.getAttribute('#status', 'data-kind'),
  text: (await page.textContent('#status')) ?? '',
});

describe.skipIf(!haveChromium)('web demo, end to end in Chromium', () => {
  let outDir = '';
  let server: Server | undefined;
  let baseUrl = '';
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  function watch(p: Page, label: string): void {
    p.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${label} console: ${m.text()}`);
    });
    p.on('pageerror', (e) => consoleErrors.push(`${label} pageerror: ${e.message}`));
    p.on('worker', (w) => w.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${label} worker console: ${m.text()}`);
    }));
    p.on('response', (r) => {
      if (r.status() >= 400) consoleErrors.push(`${label} HTTP ${r.status()} ${r.url()}`);
    });
  }

  beforeAll(async () => {
    // Build the page exactly as `npm run build:web` does (type-check, then vite build), into a
    // temporary directory so that a concurrent `npm run build:web` is not disturbed.
    outDir = mkdtempSync(join(tmpdir(), 'convgrad-web-'));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'web/tsconfig.json')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(tsc.status, `web/ type-check failed:\n${tsc.stdout}${tsc.stderr}`).toBe(0);
    const vite = spawnSync(
      process.execPath,
      [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(vite.status, `vite build failed:\n${vite.stdout}${vite.stderr}`).toBe(0);
    expect(existsSync(join(outDir, 'index.html'))).toBe(true);
    expect(existsSync(join(outDir, 'images', 'camera.png'))).toBe(true);

    ({ server, url: baseUrl } = await serve(outDir));
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    watch(page, 'isolated page');
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('loads from the built bundle: worker ready on WebAssembly SIMD, the photo and its blur drawn', async () => {
    await page.goto(baseUrl);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
    const s = await demoState(page);
    expect(s.backend).toBe('wasm-simd');
    expect(s.cancelMode).toBe('abort-signal'); // the server sends COOP/COEP
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(s.trueKernel).toMatchObject({ rows: 15, cols: 15 });
    for (const id of ['img-sharp', 'img-blurred']) {
      const c = await canvasStats(page, id);
      expect(c, id).toMatchObject({ width: 512, height: 512 });
      expect(c.colours, id).toBeGreaterThan(100); // a photo, not a flat fill
    }
    expect((await canvasStats(page, 'k-true')).colours).toBeGreaterThan(10);
    expect(await page.isHidden('#error')).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  it('estimates the 15×15 kernel of the 512×512 photo in the worker, the same as Node (its time printed)', async () => {
    await runJob(page, '#estimate');
    const s = await demoState(page);
    expect((await statusOf(page)).kind).toBe('ok');
    const e = s.estimate!;
    expect(e.backend).toBe('wasm-simd');
    expect(e.kernel).toMatchObject({ rows: 15, cols: 15 });
    expect(e.relError).toBeLessThan(0.05); // noise σ 0.002 on a 512×512 photo
    expect(Number(await page.getAttribute('#kernel-error', 'data-value'))).toBe(e.relError);
    // Speed is a figure, printed here and benchmarked in BENCHMARKS.md; it never decides the test.
    console.log(`[web e2e] kernel estimate 512×512, 15×15 (${e.method}, ${e.iterations} it.): solver ${e.solverMs.toFixed(1)} ms, wall ${e.wallMs.toFixed(1)} ms; relative error ${(e.relError * 100).toFixed(2)} %`);

    // The page's data agrees with convgrad/node's helpers (written independently): camera.png
    // decoded the same, Gaussian 15 / σ 2.5, edges replicated, noise σ 0.002 seeded 1, clipped
    // to [0, 1] — up to the last bit of Math.exp/log/sin/cos, which Node's and Chromium's V8 may
    // round differently.
    await init();
    const x = (await readImage(join(root, 'web/public/images/camera.png'), { color: 'luminance' })).channels[0]!;
    const h = gaussianKernel(15, 2.5);
    const y = withGaussianNoise(conv2d(padForSame(x, 15, 15, 'replicate'), h, 'valid'), 0.002, 1);
    for (let i = 0; i < y.data.length; i++) y.data[i] = Math.min(1, Math.max(0, y.data[i]!));
    // The page's float64 images, moved as base64 of their bytes.
    const b64 = await page.evaluate(() => {
      const { sharp, blurred } = (window as unknown as { convgradDemo: { images(): Record<'sharp' | 'blurred', { data: Float64Array }> } }).convgradDemo.images();
      const encode = (a: Float64Array) => {
        const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(s);
      };
      return { sharp: encode(sharp.data), blurred: encode(blurred.data) };
    });
    const decode = (s: string) => {
      const buf = Buffer.from(s, 'base64');
      return { data: new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), rows: 512, cols: 512 };
    };
    const images = { sharp: decode(b64.sharp), blurred: decode(b64.blurred) };
    const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let m = a.length === b.length ? 0 : Infinity;
      for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
      return m;
    };
    expect(maxAbsDiff(images.sharp.data, x.data)).toBe(0);
    expect(maxAbsDiff(s.trueKernel!.data, h.data)).toBeLessThan(1e-17);
    expect(maxAbsDiff(images.blurred.data, y.data)).toBeLessThan(1e-15);
    // On the page's own data, Node's convgrad computes the browser's kernel bit for bit.
    const node = estimateKernel(images.sharp, validInterior(images.blurred, 15, 15), { rows: 15, cols: 15 }, { nonNegative: true, sumToOne: true });
    expect(node.iterations).toBe(e.iterations);
    expect(maxAbsDiff(node.kernel.data, e.kernel.data)).toBe(0);

    // Heatmaps and the log-scale plot were drawn.
    for (const id of ['k-true', 'k-est', 'k-diff']) expect((await canvasStats(page, id)).colours, id).toBeGreaterThan(10);
    const plot = await canvasStats(page, 'plot-kernel');
    expect(plot.colours).toBeGreaterThan(20);
    expect(await page.locator('#timings tbody tr[data-backend="wasm-simd"]').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  it('times the JS baseline on demand (createContext({ backend: "js" })) and it agrees', async () => {
    await runJob(page, '#compare-js');
    const s = await demoState(page);
    expect(s.jsEstimate?.backend).toBe('js');
    const diff = Math.max(...s.jsEstimate!.kernel.data.map((v, i) => Math.abs(v - s.estimate!.kernel.data[i]!)));
    expect(diff).toBeLessThan(1e-9);
    expect(await page.locator('#timings tbody tr[data-backend="js"]').count()).toBe(1);
    expect(await page.textContent('#speedup')).toMatch(/faster than the JS baseline/);
    console.log(`[web e2e] JS baseline estimate: solver ${s.jsEstimate!.solverMs.toFixed(0)} ms (wasm ${s.estimate!.solverMs.toFixed(0)} ms)`);
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('deblurs with the estimated kernel: before/after drawn, PSNR up; saves a screenshot', async () => {
    await runJob(page, '#deblur');
    const s = await demoState(page);
    expect((await statusOf(page)).kind).toBe('ok');
    const d = s.deblur!;
    expect(d.method).toBe('richardson-lucy');
    expect(d.iterations).toBeGreaterThan(1);
    expect(d.psnrDeblurred).toBeGreaterThan(d.psnrBlurred + 2);
    const c = await canvasStats(page, 'img-deblurred');
    expect(c).toMatchObject({ width: 512, height: 512 });
    expect(c.colours).toBeGreaterThan(100);
    expect((await canvasStats(page, 'plot-deblur')).colours).toBeGreaterThan(5);
    console.log(`[web e2e] deblur (${d.method}): PSNR ${d.psnrBlurred.toFixed(1)} → ${d.psnrDeblurred.toFixed(1)} dB, wall ${d.wallMs.toFixed(0)} ms`);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'web-demo.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  it('Cancel aborts a long solve through its AbortSignal; the page stays responsive and usable', async () => {
    await page.selectOption('#d-method', 'fista');
    await page.fill('#d-tv', '0.002');
    await page.fill('#d-maxit', '5000');
    const before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.click('#deblur');
    await page.waitForFunction(() => /iteration \d+/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 20_000 });
    // The main thread answers while the worker solves: a frame is drawn and the solve is still
    // running when it is (the number of finished jobs has not moved). The latency is printed.
    const t0 = Date.now();
    const framed = await page.evaluate(() => new Promise<number>((ok) => requestAnimationFrame(() => ok(Number(document.body.dataset.jobs)))));
    console.log(`[web e2e] a frame was drawn ${Date.now() - t0} ms into the solve`);
    expect(framed).toBe(before);
    expect(await page.isEnabled('#cancel')).toBe(true);
    const clicked = Date.now();
    await page.click('#cancel');
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before, { timeout: 30_000 }); // a hang guard, not a speed check: the time is printed
    const stopMs = Date.now() - clicked;
    const st = await statusOf(page);
    expect(st.kind).toBe('cancelled');
    expect(st.text).toMatch(/Cancelled at iteration \d+ \(the solve's AbortSignal was aborted\)/);
    console.log(`[web e2e] cancel stopped the solve ${stopMs} ms after the click: ${st.text}`);
    expect(await page.isDisabled('#cancel')).toBe(true);
    // The worker carries on: a fast deblur works right after.
    await page.selectOption('#d-method', 'wiener');
    await page.fill('#d-tv', '');
    await page.fill('#d-maxit', '');
    await runJob(page, '#deblur');
    expect((await statusOf(page)).kind).toBe('ok');
    expect((await demoState(page)).deblur?.method).toBe('wiener');
    expect(consoleErrors).toEqual([]);
  }, 40_000);

  it('deblurs in colour, one channel per convgrad/pool Web Worker: R, G, B drawn, PSNR up', async () => {
    await runJob(page, '#deblur-rgb'); // step 4's settings: Wiener with the estimated kernel
    expect(await statusOf(page)).toMatchObject({ kind: 'ok', text: expect.stringMatching(/Deblurred in colour in \d+ ms on 2 workers \(wiener\)/) });
    const c = await page.evaluate(() => (window as unknown as { convgradDemo: { colour: { psnrBlurred: number; psnrDeblurred: number; wallMs: number; workers: number; iterations: number[]; method: string } } }).convgradDemo.colour);
    expect(c.workers).toBe(2); // min(3 channels, 2 cores)
    expect(c.method).toBe('wiener');
    expect(c.iterations).toHaveLength(3);
    expect(c.psnrDeblurred).toBeGreaterThan(c.psnrBlurred + 2);
    for (const id of ['img-rgb-blurred', 'img-rgb-deblurred']) {
      const stats = await canvasStats(page, id);
      expect(stats).toMatchObject({ width: 512, height: 512 });
      expect(stats.colours).toBeGreaterThan(100);
    }
    expect(await page.textContent('#timings')).toMatch(/deblur R, G, B \(3 solves\)\s*pool of 2 workers/);
    console.log(`[web e2e] colour deblur on the pool: PSNR ${c.psnrBlurred.toFixed(1)} → ${c.psnrDeblurred.toFixed(1)} dB, wall ${c.wallMs.toFixed(0)} ms`);
    expect(consoleErrors).toEqual([]);
  }, 40_000);

  it('Cancel stops the colour jobs through their AbortSignal (the pool\'s shared stop flag), and the pool carries on', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // so the pool's workers share a stop flag
    await page.selectOption('#d-method', 'fista');
    await page.fill('#d-tv', '0.002');
    await page.fill('#d-maxit', '5000');
    const before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.click('#deblur-rgb');
    await page.waitForFunction(() => /iterations R \d+, G \d+, B \d+/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 20_000 });
    await page.click('#cancel');
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before, { timeout: 30_000 }); // a hang guard
    expect(await statusOf(page)).toEqual({ kind: 'cancelled', text: 'Cancelled (the colour jobs were aborted through their AbortSignal).' });
    await page.selectOption('#d-method', 'wiener');
    await page.fill('#d-tv', '');
    await page.fill('#d-maxit', '');
    await runJob(page, '#deblur-rgb');
    expect((await statusOf(page)).kind).toBe('ok');
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('bad input gives a readable error on the page: a file that is not an image, a kernel larger than the image, NaN', async () => {
    // Not an image.
    let before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.setInputFiles('#file', { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not a PNG') });
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before);
    expect(await page.isVisible('#error')).toBe(true);
    expect(await page.textContent('#error')).toMatch(/Could not read “notes\.png” as an image/);
    expect((await statusOf(page)).kind).toBe('error');
    await page.click('#error-close');

    // A photo smaller than the blur kernel.
    const tiny = new PNG({ width: 8, height: 8 });
    tiny.data.fill(200);
    before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.setInputFiles('#file', { name: 'tiny.png', mimeType: 'image/png', buffer: PNG.sync.write(tiny) });
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before);
    expect(await page.textContent('#error')).toMatch(/ShapeError.*the blur kernel \(15×15\) is larger than the image \(8×8\)/);
    await runJob(page, '#estimate'); // nothing to estimate from: says so
    expect(await page.textContent('#error')).toMatch(/There is no blurred image/);
    before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.selectOption('#photo', 'brick');
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before);
    expect(await page.isHidden('#error')).toBe(true);

    // A kernel to estimate larger than the image: the library's ShapeError, named.
    await page.fill('#k-rows', '600');
    await runJob(page, '#estimate');
    expect(await page.textContent('#error')).toMatch(/ShapeError.*kernel 600×15, image x is 512×512/);
    await page.fill('#k-rows', '15');

    // NaN in a custom kernel. Choosing 'custom' blurs with the box's kernel after a 250 ms pause:
    // that job is waited for first, so the typo's job is the only one left to race.
    before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.selectOption('#blur-kind', 'custom');
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before);
    const kept = (await demoState(page)).trueKernel;
    before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.fill('#custom', '1 2 1\n2 NaN 2\n1 2 1');
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before);
    expect(await page.textContent('#error')).toMatch(/row 2, column 2 is “NaN”, not a finite number/);
    expect((await demoState(page)).trueKernel).toEqual(kept); // a typo keeps the previous blur
    // A good kernel clears it.
    before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.fill('#custom', '1 2 1\n2 4 2\n1 2 1');
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before);
    expect(await page.isHidden('#error')).toBe(true);
    expect(consoleErrors).toEqual([]);
  }, 30_000);

  // ------------------------------------------------ from one photo (blind deconvolution)

  interface BlindState {
    source: string;
    size: number;
    input: { rows: number; cols: number; data: number[] };
    kernel: { rows: number; cols: number; data: number[] };
    iterations: number;
    converged: boolean;
    levels: number;
    solverMs: number;
    wallMs: number;
    progressEvents: number;
    lastProgress: { iteration: number; level: number; levels: number; kernelRows: number } | null;
  }
  const blindState = (p: Page) =>
    p.evaluate(() => {
      const l = (window as unknown as { convgradBlind: { latest: Record<string, unknown> | null } }).convgradBlind.latest;
      if (!l) return null;
      const plain = (m: { rows: number; cols: number; data: ArrayLike<number> }) => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });
      return { ...l, input: plain(l.input as never), kernel: plain(l.kernel as never), image: undefined } as unknown;
    }) as Promise<BlindState | null>;

  it('from one photo: deconvolveBlind on clock_motion.png in the worker, live kernel heatmap and progress, the same kernel as Node bit for bit', async () => {
    expect(await page.inputValue('#blind-source')).toBe('clock_motion');
    expect(await page.isHidden('#blind-file')).toBe(true); // the file input only for "your own photo"
    await page.fill('#blind-size', '15');
    await runJob(page, '#blind-run', 60_000);
    const st = await statusOf(page);
    expect(st.kind, st.text).toBe('ok');
    expect(st.text).toMatch(/Blind deconvolution of clock_motion\.png: 15×15 kernel/);
    const b = (await blindState(page))!;
    expect(b.kernel).toMatchObject({ rows: 15, cols: 15 });
    expect(b.kernel.data.every((v) => v >= 0)).toBe(true);
    expect(Math.abs(b.kernel.data.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-12);
    // Progress: one message per alternation, each with its kernel; the last from the finest level.
    expect(b.progressEvents).toBe(b.iterations);
    expect(b.lastProgress).toMatchObject({ iteration: b.iterations, level: b.levels - 1, levels: b.levels, kernelRows: 15 });
    expect(await page.isVisible('#blind-panel')).toBe(true);
    expect(await canvasStats(page, 'blind-input')).toMatchObject({ width: 400, height: 300 });
    const out = await canvasStats(page, 'blind-output');
    expect(out).toMatchObject({ width: 400, height: 300 });
    expect(out.colours).toBeGreaterThan(50);
    expect((await canvasStats(page, 'blind-kernel')).colours).toBeGreaterThan(3);
    mkdirSync(artifacts, { recursive: true });
    await page.locator('#blind-panel').screenshot({ path: join(artifacts, 'web-demo-blind.png') });
    console.log(`[web e2e] blind 400×300, 15×15: ${b.iterations} it. over ${b.levels} levels, solver ${b.solverMs.toFixed(0)} ms, wall ${b.wallMs.toFixed(0)} ms`);

    // Node decodes the same photo to the same numbers and estimates the same kernel, bit for bit.
    await init();
    const y = (await readImage(join(root, 'web/public/images/clock_motion.png'), { color: 'luminance' })).channels[0]!;
    expect(b.input).toMatchObject({ rows: y.rows, cols: y.cols });
    expect(b.input.data.every((v, i) => v === y.data[i])).toBe(true);
    const node = deconvolveBlind(y, { rows: 15, cols: 15 });
    expect(node.iterations).toBe(b.iterations);
    expect(Array.from(node.kernel.data)).toEqual(b.kernel.data);
    expect(consoleErrors).toEqual([]);
  }, 90_000);

  it('from one photo: the page stays responsive during a blind solve, Cancel stops it, bad sizes are refused', async () => {
    await page.fill('#blind-size', '31');
    const before = Number(await page.getAttribute('body', 'data-jobs'));
    await page.click('#blind-run');
    await page.waitForFunction(() => /Blind deconvolution: level \d+ of \d+, iteration \d+/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 30_000 });
    // The main thread draws a frame while the worker solves (the job count has not moved).
    const framed = await page.evaluate(() => new Promise<number>((ok) => requestAnimationFrame(() => ok(Number(document.body.dataset.jobs)))));
    expect(framed).toBe(before);
    // The heatmap shows the coarse level's kernel while the solve runs.
    expect((await canvasStats(page, 'blind-kernel')).colours).toBeGreaterThan(1);
    await page.click('#cancel');
    await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before, { timeout: 30_000 }); // a hang guard
    const st = await statusOf(page);
    // Cancel after the first progress message: the solve stops at its next alternation (or,
    // had it just finished, the finished job still counts as cancelled).
    expect(st.kind).toBe('cancelled');
    expect(st.text).toMatch(/Cancelled at iteration \d+/);
    expect(await page.textContent('#cap-blind-output')).toMatch(/cancelled/);

    await page.fill('#blind-size', '16');
    await runJob(page, '#blind-run');
    expect(await page.textContent('#error')).toMatch(/Blind kernel size must be odd.*got 16; try 17/);
    await page.click('#error-close');
    await page.fill('#blind-size', '301');
    await runJob(page, '#blind-run');
    expect(await page.textContent('#error')).toMatch(/ShapeError.*kernel size 301×301 is larger than y 300×400/);
    await page.click('#error-close');
    await page.selectOption('#blind-source', 'file');
    expect(await page.isVisible('#blind-file')).toBe(true);
    await page.fill('#blind-size', '15');
    await runJob(page, '#blind-run');
    expect(await page.textContent('#error')).toMatch(/Choose a blurred photo file first/);
    await page.click('#error-close');
    await page.selectOption('#blind-source', 'clock_motion');
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('served without cross-origin isolation (any static server), Cancel restarts the worker', async () => {
    const plain = await context!.newPage();
    watch(plain, 'plain page');
    await plain.goto(`${baseUrl}plain/`);
    await plain.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
    expect((await demoState(plain)).cancelMode).toBe('restart');
    await plain.selectOption('#d-kernel', 'true');
    await plain.selectOption('#d-method', 'cg');
    await plain.fill('#d-maxit', '5000');
    await plain.fill('#d-lambda', '0');
    const before = Number(await plain.getAttribute('body', 'data-jobs'));
    await plain.click('#deblur');
    await plain.waitForFunction(() => /iteration \d+/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 20_000 });
    await plain.click('#cancel');
    await plain.waitForFunction((n) => Number(document.body.dataset.jobs) > n, before, { timeout: 10_000 });
    expect(await plain.textContent('#status')).toMatch(/Cancelled \(the worker was restarted\)/);
    await runJob(plain, '#estimate');
    expect((await statusOf(plain)).kind).toBe('ok');
    await plain.close();
    expect(consoleErrors).toEqual([]);
  }, 40_000);
});
