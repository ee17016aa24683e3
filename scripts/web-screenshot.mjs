// Screenshot for the README (docs/web-demo.png): motion blur on camera, estimate, deblur.
// npm run build:web && MOTION=1 node scripts/web-screenshot.mjs "$PWD/web/dist" docs/web-demo.png 0.75
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { resolve, extname, sep } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
const dir = process.argv[2] ?? '/tmp/web-out';
const out = process.argv[3] ?? 'test-artifacts/web-shot.png';
const scale = Number(process.argv[4] ?? 1);
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };
const server = createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname); if (p.endsWith('/')) p += 'index.html';
  const f = resolve(dir, '.' + p);
  if (!f.startsWith(dir + sep) || !existsSync(f) || !statSync(f).isFile()) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': MIME[extname(f)] ?? 'application/octet-stream', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }).end(readFileSync(f));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: scale });
page.on('console', (m) => m.type() === 'error' && console.log('console error', m.text()));
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForSelector('body[data-ready="1"]');
const wait = async (sel) => { const n = Number(await page.getAttribute('body', 'data-jobs')); await page.click(sel); await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n && document.body.dataset.busy === '0', n); };
if (process.env.MOTION) {
  const n = Number(await page.getAttribute('body', 'data-jobs'));
  await page.selectOption('#blur-kind', 'motion');
  await page.waitForFunction((n) => Number(document.body.dataset.jobs) > n && document.body.dataset.busy === '0', n);
}
await wait('#estimate');
await wait('#compare-js');
await wait('#deblur');
console.log(await page.textContent('#status'), await page.textContent('#kernel-error'));
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: out, fullPage: true });
await browser.close(); server.close();
