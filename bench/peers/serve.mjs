// The browser benchmarks' static server (bench/peers/chromium.mjs, bench/layer/chromium.mjs):
// node:http on 127.0.0.1 and a free port, serving only the listed folders of the repository,
// read-only, no listing, no caching (every run loads the files as they are now).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json' };

/** Serves the folders `served` (paths relative to `root`, ending in '/'); resolves to the listening server. */
export function serveFolders(root, served) {
  const server = createServer(async (req, res) => {
    try {
      const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^[/\\]+/, '');
      if (path.includes('..') || !served.some((p) => path.startsWith(p))) { res.writeHead(404).end(); return; }
      const file = join(root, ...path.split('/'));
      if (!file.startsWith(root) || !(await stat(file)).isFile()) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
