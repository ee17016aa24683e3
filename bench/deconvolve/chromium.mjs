// The camera case in headless Chromium beside Node, interleaved (Node, page, Node, page, …) so
// both sides see the same load on a shared machine: wall ms per round, the median, and whether
// the images are bit-identical. Used by bench/deconvolve.bench.mjs; needs a build.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { serveFolders } from '../peers/serve.mjs';
import { digest } from './digest.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const median = (v) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];

/** rounds × (Node run, Chromium run) of deconvolve(h, y, options); returns both medians and the bits check. */
export async function nodeVsChromium(deconvolve, h, y, options, rounds) {
  const server = await serveFolders(root, ['dist/', 'bench/deconvolve/']);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/deconvolve/page.html`);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });
    const plain = (m) => ({ rows: m.rows, cols: m.cols, data: Array.from(m.data) });
    await page.evaluate(([hh, yy, o]) => window.runDeconvolve(hh, yy, { ...o, maxIterations: 3 }), [plain(h), plain(y), options]); // warm-up
    const node = [];
    const web = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const res = deconvolve(h, y, options);
      node.push({ ms: performance.now() - t0, iterations: res.iterations, converged: res.converged, objective: res.objective, digest: digest(res.image.data) });
      web.push(await page.evaluate(([hh, yy, o]) => window.runDeconvolve(hh, yy, o), [plain(h), plain(y), options]));
    }
    return {
      version: browser.version(),
      node: { ...node[0], ms: median(node.map((x) => x.ms)) },
      chromium: { ...web[0], ms: median(web.map((x) => x.ms)) },
      all: { node: node.map((x) => x.ms), chromium: web.map((x) => x.ms) },
      identical: node.every((x, i) => x.digest === web[i].digest && x.digest === node[0].digest),
    };
  } finally {
    await browser.close();
    server.close();
  }
}
