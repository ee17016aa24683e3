// `npm run bench:blind:chromium`: the blind deconvolution benchmark in headless Chromium next to
// Node, case by case (each case runs in this Node process, then in the page, so both sides are
// measured within seconds of each other on a shared machine). Reports both engines' success
// rates and times, and whether every kernel is bit-identical between them. Needs a build.
//
//   node bench/blind/chromium.mjs [--suite standard|hard] [--count N] [--json file]
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { createContext } from '../../dist/index.js';
import { createWasmBackend } from '../../dist/wasm/backend.js';
import { deconvolveWithKernel } from '../../dist/solvers/blind/final.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { serveFolders } from '../peers/serve.mjs';
import { loadPhotos } from './photos.mjs';
import { caseIds, median, runCase, summarise } from './suite.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
};
const count = Number(arg('--count', '16'));
const suite = arg('--suite', 'standard');
if (suite !== 'standard' && suite !== 'hard') throw new Error(`--suite must be standard or hard, got ${suite}`);
const photos = await loadPhotos(root);
const cg = await createContext();
const backend = await createWasmBackend();
const deblur = (y, N, k, ks) => deconvolveWithKernel(backend, y, N, N, k, ks, ks, 'tv', 0.005);

const server = await serveFolders(root, ['dist/', 'bench/blind/']);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/blind/page.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });
  await page.evaluate((list) => window.setPhotos(list), photos.map((p) => ({ ...p, data: Array.from(p.data) })));
  console.log(`${suite} suite: Node ${process.version} vs Chromium ${browser.version()}`);
  const nodeRows = [];
  const webRows = [];
  for (const i of caseIds(suite, count)) {
    const n = runCase(cg, deblur, photos, i);
    const w = await page.evaluate((k) => window.runBlindCase(k), i);
    nodeRows.push(n);
    webRows.push(w);
    console.log(
      `case ${String(i).padStart(3)} ${n.photo.padEnd(9)} ${String(n.size).padStart(2)} px ${n.geometry.padEnd(5)} ${n.extra.padEnd(18)} r=${n.ratio.toFixed(2).padStart(5)} ` +
        `node ${n.ms.toFixed(0).padStart(5)} ms  chromium ${w.ms.toFixed(0).padStart(5)} ms  kernel ${n.digest === w.digest ? 'identical' : `DIFFERS (${n.digest} vs ${w.digest})`}`,
    );
  }
  const ns = summarise(nodeRows);
  const ws = summarise(webRows);
  const ratio = median(nodeRows.map((n, i) => webRows[i].ms / n.ms));
  const identical = nodeRows.every((n, i) => n.digest === webRows[i].digest);
  console.log(
    `\n${count} images. Node: r ≤ 2 ${(100 * ns.success2).toFixed(0)}%, r ≤ 3 ${(100 * ns.success3).toFixed(0)}%, mean r ${ns.meanRatio.toFixed(2)}, ` +
      `median ${ns.medianMs.toFixed(0)} ms. Chromium: r ≤ 3 ${(100 * ws.success3).toFixed(0)}%, median ${ws.medianMs.toFixed(0)} ms. ` +
      `Median Chromium/Node time ratio ${ratio.toFixed(2)}. Kernels ${identical ? 'bit-identical in both engines' : 'DIFFER between engines'}.`,
  );
  const json = arg('--json', undefined);
  if (json) await writeFile(json, JSON.stringify({ node: { summary: ns, rows: nodeRows }, chromium: { version: browser.version(), summary: ws, rows: webRows }, ratio, identical }, null, 1));
} finally {
  await browser.close();
  server.close();
}
