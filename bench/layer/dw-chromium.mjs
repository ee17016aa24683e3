// dw-calls.mjs in headless Chromium (Debian's, through playwright): where a depthwise forward
// call's time goes in a page. Prints a table per shape. Needs `npm run build`.
//   node bench/layer/dw-chromium.mjs [--rounds=41] [--shapes=dw32-112,dw256-28-s2]
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { serveFolders } from '../peers/serve.mjs';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, '').split('='); return [k, v ?? true]; }));
const rounds = Number(args.rounds ?? 41);
const ids = String(args.shapes ?? 'dw32-112,dw256-28-s2').split(',');
const root = fileURLToPath(new URL('../../', import.meta.url));
const server = await serveFolders(root, ['dist/', 'bench/peers/', 'bench/layer/',
  'node_modules/@tensorflow/tfjs/dist/', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/']);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  const base = `http://127.0.0.1:${server.address().port}/bench/layer/`;
  await page.goto(`${base}page.html`);
  const rows = await page.evaluate(async ([b, i, r]) => {
    const m = await import(`${b}dw-calls.mjs`);
    return m.measureDepthwiseCalls(i, r, new URL('../../node_modules/', b).href);
  }, [base, ids, rounds]);
  console.log(`Chromium ${browser.version()}, ${rounds} interleaved rounds, medians of wall time`);
  let last = '';
  for (const [id, part, ms] of rows) {
    if (id !== last) { console.log(`\n${id}\n| part | ms |\n|---|---:|`); last = id; }
    console.log(`| ${part} | ${ms.toFixed(3)} |`);
  }
} finally {
  await browser.close();
  server.close();
}
