// The Conv2D layer benchmark in headless Chromium (npm run bench:layer:chromium): serves dist/, the
// benchmark folders and the peers' package folders on 127.0.0.1 (bench/peers/serve.mjs), opens
// bench/layer/page.html in Debian's Chromium through playwright, and runs the same cases, driver,
// contenders and checks as bench/layer/node.mjs, case by case. Same options as node.mjs; --write
// puts the results into BENCHMARKS.md between <!-- layer-chromium:begin --> and <!-- layer-chromium:end -->.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { serveFolders } from '../peers/serve.mjs';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { runOrder } from './run.mjs';
import { runBody, writeLayerSection } from './report.mjs';
import { cpuModel, loadMeter, parseArgs } from './env.mjs';
import { selection } from './node.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Only these folders are served (everything the page imports), read-only, no listing.
const SERVED = ['dist/', 'bench/peers/', 'bench/layer/', 'node_modules/@tensorflow/tfjs/dist/',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/', 'node_modules/onnxruntime-web/dist/'];

async function main() {
  const { args, list } = parseArgs(process.argv.slice(2));
  const sel = selection(args, list);
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  const t0 = performance.now();
  const server = await serveFolders(root, SERVED);
  const url = `http://127.0.0.1:${server.address().port}/bench/layer/page.html`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  let rows = [], env;
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'log') console.log(`  [chromium] ${m.text().trim()}`);
      else if (m.type() === 'error') console.error(`[page] ${m.text()}`);
    });
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    console.log(`Chromium ${browser.version()} — ${url}`);
    await page.goto(url);
    await page.waitForFunction(() => typeof window.runLayerCase === 'function', null, { timeout: 60_000 });
    const config = { contenders: sel.which, budgetMs: sel.budgetMs, maxCallMs: sel.maxCallMs };
    const meter = loadMeter();
    for (const shape of runOrder(sel.shapes)) {
      for (const pass of sel.passes) {
        rows.push(await page.evaluate(([c, s, p]) => window.runLayerCase(c, s, p), [config, shape, pass]));
        meter.sample();
      }
    }
    const web = await page.evaluate(() => window.layerEnv());
    const errs = Object.entries(web.errors).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
    env = {
      ...web,
      engine: `Debian Chromium ${browser.version()} (headless, ${web.engine}, crossOriginIsolated ${web.crossOriginIsolated}${errs.length ? `; load errors: ${errs.join('; ')}` : ''})`,
      cpu: cpuModel(),
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      load: meter.range(),
      partial: sel.partial,
      seconds: ((performance.now() - t0) / 1000).toFixed(0),
    };
  } finally {
    await browser.close();
    server.close();
  }
  const body = runBody(env, rows, env.names);
  console.log(`\n${body}`);
  if (args.json) await writeFile(args.json, JSON.stringify({ env, rows }, null, 1));
  if (args.write) {
    const path = new URL('../../BENCHMARKS.md', import.meta.url);
    const doc = await readFile(path, 'utf8');
    await writeFile(path, writeLayerSection(doc, 'layer-chromium', 'Chromium', body));
    console.log('BENCHMARKS.md updated (Conv2D layer, Chromium)');
  }
}

await main();
