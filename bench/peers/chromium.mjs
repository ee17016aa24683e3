// The peer benchmark in headless Chromium, next to the same run in Node. Serves the repository's
// dist/, bench/peers/ and the peers' package folders on 127.0.0.1 (node:http, a free port), opens
// bench/peers/page.html in Debian's Chromium through playwright, and runs each case first in this
// Node process (bench/peers/node.mjs's session: same harness, contenders, inputs and checks), then
// in the page — case by case, so both sides of a row are measured within a minute of each other
// on this shared machine. Prints Node vs Chromium side by side and writes the table into
// BENCHMARKS.md between <!-- chromium:begin --> and <!-- chromium:end -->. Needs a build
// (npm run bench:chromium does it).
//
//   node bench/peers/chromium.mjs [--only=conv-512-k15,...] [--budget=ms] [--warmup=ms] [--sample=ms]
//                                 [--contenders=convgrad,tfjs-wasm,...] [--no-write]
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { CASES, allocationCost, allocationTable, describe, replaceSection, sideBySideTable, worstRatio } from './harness.mjs';
import { createNodeSession } from './node.mjs';
import { serveFolders } from './serve.mjs';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, ...v] = a.replace(/^--/, '').split('=');
  return [k, v.length ? v.join('=') : true];
}));
const list = (v) => (typeof v === 'string' && v ? v.split(',') : undefined);
const only = list(args.only);
const budgetMs = Number(args.budget ?? process.env.BENCH_PEERS_BUDGET ?? 1500);
const warmupMs = args.warmup ? Number(args.warmup) : undefined;
const sampleMs = args.sample ? Number(args.sample) : undefined;
// What loads in a page without a bundler (ml-matrix-convolution does not: CommonJS ml-fft).
const contenders = list(args.contenders) ?? ['convgrad', 'tfjs', 'OpenCV'];
const executablePath = chromiumPath;

// Only these folders are served (everything the page imports), read-only, no listing.
const SERVED = ['dist/', 'bench/peers/', 'node_modules/@tensorflow/tfjs/dist/',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/', 'node_modules/@techstark/opencv-js/dist/'];
async function run() {
  const server = await serveFolders(root, SERVED);
  const url = `http://127.0.0.1:${server.address().port}/bench/peers/page.html`;
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'log') console.log(`  [chromium] ${m.text().trim()}`);
      else if (m.type() === 'error') console.error(`[page] ${m.text()}`);
    });
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    console.log(`Chromium ${browser.version()} — ${url}`);
    await page.goto(url);
    await page.waitForFunction(() => typeof window.runPeerBench === 'function', null, { timeout: 60_000 });
    const session = await createNodeSession({ which: contenders, budgetMs, timing: { warmupMs, sampleMs },
      log: (line) => console.log(line.startsWith('  ') ? `  [node] ${line.trim()}` : line) });
    const nodeRows = [], webRows = [];
    const load = [];
    let webEnv;
    for (const c of CASES.filter((c) => !only || only.includes(c.id))) {
      load.push(loadavg()[0]);
      nodeRows.push(await session.run(c));
      const r = await page.evaluate((config) => window.runPeerBench(config), { only: [c.id], contenders, budgetMs, warmupMs, sampleMs });
      webRows.push(...r.rows);
      webEnv = r.env;
    }
    webEnv.browserVersion = browser.version();
    const alloc = { node: allocationCost(), web: await page.evaluate(() => window.allocationCost()) };
    return { node: { env: await session.env(), rows: nodeRows }, web: { env: webEnv, rows: webRows }, load, alloc };
  } finally {
    await browser.close();
    server.close();
  }
}

if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  process.exit(1);
}
const t0 = performance.now();
const { node, web, load, alloc } = await run();
const table = sideBySideTable(node.rows, web.rows);
const errs = Object.entries(web.env.errors ?? {}).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
const header = `Node: ${describe(node.env)}\n\n` +
  `Chromium: Debian Chromium ${web.env.browserVersion} (headless, ${web.env.engine}), ${web.env.cores} cores, ` +
  `convgrad backend ${web.env.convgrad}; peers ${Object.entries(web.env.versions).map(([k, v]) => `${k} ${v}`).join(', ')}` +
  `${web.env.tfjsWasmThreads !== undefined ? `; tfjs-wasm SIMD ${web.env.tfjsWasmSimd}, threads ${web.env.tfjsWasmThreads} (crossOriginIsolated ${web.env.crossOriginIsolated}, so no SharedArrayBuffer threads)` : ''}` +
  `${errs.length ? `; load errors: ${errs.join('; ')}` : ''}. ` +
  `1-minute load average over the run ${Math.min(...load).toFixed(1)}–${Math.max(...load, loadavg()[0]).toFixed(1)}.\n\n` +
  `Same harness, cases, inputs and checks in both (bench/peers/harness.mjs, contenders.mjs); case by case, ` +
  `Node then Chromium, on the same machine (timer, checks and what is timed as in the peers section above; GFLOP/s counts the direct method's multiply-adds, so FFT paths show an effective rate). "Chromium ÷ Node" above 1 = slower in Chromium. ` +
  `ml-matrix-convolution is Node-only (its CommonJS ml-fft dependency needs a bundler in a page).`;
const summary = ['convgrad wasm-simd', 'convgrad wasm-simd, into options.out'].map((name) => {
  const worst = worstRatio(node.rows, web.rows, name);
  return worst ? `${name}: largest Chromium ÷ Node ratio ${worst.ratio.toFixed(2)} (${worst.case}).` : '';
}).filter(Boolean).join(' ') + " The performance issue's target is ≤ 1.25 on every case.\n\n";
const allocation = `\n\nWhat a fresh result array costs (bench/peers/harness.mjs allocationCost, same run): ms per MB for \`new Float32Array(n).set(src)\` ` +
  `against \`.set(src)\` into an array already written.\n\n${allocationTable(alloc.node, alloc.web)}`;
const body = `${header}\n\n${summary}${table}${allocation}`;
console.log(`\n${body}`);
console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
if (!args['no-write'] && !only && !list(args.contenders)) {
  const path = new URL('../../BENCHMARKS.md', import.meta.url);
  const doc = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  await writeFile(path, replaceSection(doc, 'chromium', body, '## Peers in Node and in Chromium, side by side\n\nRegenerate with `npm run bench:chromium` (bench/peers/chromium.mjs: each case in Node, then in headless Chromium through playwright, same harness).'));
  console.log('BENCHMARKS.md updated (chromium section)');
}
