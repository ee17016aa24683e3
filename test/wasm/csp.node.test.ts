// WebAssembly under a Content-Security-Policy, in Chromium: the built package served as plain
// ESM (no bundler) to pages with a strict policy and with 'wasm-unsafe-eval'. Also an engine with
// no WebAssembly at all (node --jitless).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { repoRoot, serveStatic } from '../support/packed.js';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && ci) throw new Error(`CI=true but no Chromium at ${chromiumPath}`);

const STRICT = "default-src 'self'; script-src 'self'";
const WASM_ALLOWED = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

// Runs in the page (a module script: inline scripts are blocked by both policies).
const CHECK = `
import { init, conv2d, matrix, toArray, backendInfo, ConvgradError, WasmUnavailableError } from '/index.js';
const describe = (e) => ({ name: e.name, code: e.code, message: e.message, typed: e instanceof WasmUnavailableError && e instanceof ConvgradError, cause: String(e.cause) });
const result = {};
try { result.embedded = (await init()).backend; } catch (e) { result.embeddedError = describe(e); }
try { result.url = (await init({ wasm: new URL('/wasm/convgrad-simd.wasm', location.href) })).backend; } catch (e) { result.urlError = describe(e); }
result.fallback = (await init({ fallback: 'js' })).backend;
result.conv = toArray(conv2d(matrix([[1, 2], [3, 4]]), matrix([[1, -1]]), 'full'));
result.active = backendInfo().backend;
window.__result = result;
`;

let server: Server;
let url: string;
let browser: Browser;

beforeAll(async () => {
  const html = '<!doctype html><meta charset="utf-8"><title>csp</title><script type="module" src="/__check.js"></script>';
  const js = { 'content-type': 'text/javascript; charset=utf-8' };
  ({ server, url } = await serveStatic(join(repoRoot, 'dist'), {
    '/strict.html': [html, { 'content-security-policy': STRICT }],
    '/allowed.html': [html, { 'content-security-policy': WASM_ALLOWED }],
    '/__check.js': [CHECK, js],
  }));
  if (haveChromium) browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

async function run(page: string): Promise<Record<string, any>> {
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  await tab.goto(`${url}/${page}`);
  await tab.waitForFunction(() => (window as any).__result !== undefined || document.title === 'failed', null, { timeout: 30_000 });
  const result = await tab.evaluate(() => (window as any).__result);
  await tab.close();
  expect(errors).toEqual([]);
  return result;
}

describe.skipIf(!haveChromium && !ci)('Content-Security-Policy (Chromium)', () => {
  it(`a strict policy (${STRICT}): init() rejects with a typed error naming both ways out; fallback: 'js' works`, async () => {
    const r = await run('strict.html');
    expect(r.embedded).toBeUndefined();
    for (const e of [r.embeddedError, r.urlError]) {
      expect(e.name).toBe('WasmUnavailableError');
      expect(e.code).toBe('ERR_WASM_UNAVAILABLE');
      expect(e.typed).toBe(true);
      expect(e.message).toContain("'wasm-unsafe-eval'");
      expect(e.message).toContain("init({ backend: 'js' })");
      expect(e.message).toContain("init({ fallback: 'js' })");
      expect(e.cause).toMatch(/CompileError/); // the engine's own refusal, kept as the cause
    }
    expect(r.fallback).toBe('js');
    expect(r.active).toBe('js');
    expect(r.conv).toEqual([[1, 1, -2], [3, 1, -4]]);
  });

  it(`with 'wasm-unsafe-eval' (${WASM_ALLOWED}): the embedded binary, a fetched URL (compileStreaming) and fallback all run WebAssembly`, async () => {
    const r = await run('allowed.html');
    expect(r.embeddedError).toBeUndefined();
    expect(r.urlError).toBeUndefined();
    expect(r.embedded).toBe('wasm-simd');
    expect(r.url).toBe('wasm-simd');
    expect(r.fallback).toBe('wasm-simd');
    expect(r.conv).toEqual([[1, 1, -2], [3, 1, -4]]);
  });
});

describe('an engine without WebAssembly (node --jitless)', () => {
  it("init() rejects with WasmUnavailableError; init({ fallback: 'js' }) runs the JS backend", () => {
    const script = `
      import { init, conv2d, matrix, toArray } from ${JSON.stringify(join(repoRoot, 'dist', 'index.js'))};
      const out = { hasWasm: typeof WebAssembly !== 'undefined' };
      try { await init(); } catch (e) { out.error = { name: e.name, code: e.code, message: e.message }; }
      out.fallback = (await init({ fallback: 'js' })).backend;
      out.conv = toArray(conv2d(matrix([[1, 2]]), matrix([[1, 1]])));
      console.log(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--jitless', '--input-type=module', '-e', script], { encoding: 'utf8' });
    // V8 warns that --jitless disables WebAssembly; nothing else may be printed.
    expect(r.stderr.replace(/^Warning: disabling flag --expose_wasm.*\n/m, '')).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.hasWasm).toBe(false);
    expect(out.error.name).toBe('WasmUnavailableError');
    expect(out.error.code).toBe('ERR_WASM_UNAVAILABLE');
    expect(out.error.message).toMatch(/no WebAssembly.*'wasm-unsafe-eval'.*backend: 'js'/);
    expect(out.fallback).toBe('js');
    expect(out.conv).toEqual([[1, 3, 2]]);
  });
});
