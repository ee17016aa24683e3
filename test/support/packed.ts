// The package as a user gets it: `npm pack` of the built repo, unpacked into a fresh project's
// node_modules/convgrad (no registry access: the runtime dependencies and @types/node are linked
// from this repo's node_modules). Node-only (*.node.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

let tarball: string | undefined;

/** Packs the repo once per test file (without scripts: `npm test` has just built dist/). */
export function packTarball(): string {
  if (tarball) return tarball;
  const dest = mkdtempSync(join(tmpdir(), 'convgrad-pack-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: repoRoot, encoding: 'utf8' });
  const [info] = JSON.parse(out) as [{ filename: string }];
  tarball = join(dest, info.filename);
  return tarball;
}

/** The files the tarball holds (paths inside the package). */
export function packedFiles(): string[] {
  const list = execFileSync('tar', ['-tzf', packTarball()], { encoding: 'utf8' });
  return list.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
}

/** A fresh project directory with the packed convgrad installed; `type` is its package.json "type". */
export function freshProject(type: 'module' | 'commonjs'): string {
  const dir = mkdtempSync(join(tmpdir(), 'convgrad-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
  const pkgDir = join(dir, 'node_modules', 'convgrad');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', packTarball(), '-C', pkgDir, '--strip-components=1']);
  const deps = Object.keys((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
  for (const dep of [...deps, '@types/node']) {
    mkdirSync(join(dir, 'node_modules', dep, '..'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  }
  return dir;
}

/** Runs `node file` in `cwd`; returns stdout, or throws with stderr. */
export function runNode(cwd: string, file: string, args: string[] = []): string {
  const r = spawnSync(process.execPath, [file, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`node ${file} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Runs this repo's tsc in `cwd`; returns its output (empty when clean). */
export function runTsc(cwd: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves `dir` on 127.0.0.1 (a free port). `pages` maps a path to [html, extra headers]: the
 * pages under test, each with its own headers (e.g. a Content-Security-Policy).
 */
export async function serveStatic(
  dir: string, pages: Record<string, [string, Record<string, string>]> = {},
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const page = pages[path];
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // the browser asks for it; a 404 would be logged as a console error
      return;
    }
    if (page) {
      res.writeHead(200, { 'content-type': MIME['.html']!, 'cache-control': 'no-store', ...page[1] }).end(page[0]);
      return;
    }
    const file = resolve(dir, `.${path}`);
    let body: Buffer;
    try {
      if (!file.startsWith(dir + sep)) throw new Error('outside');
      body = readFileSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
