// init({ wasm }) from a URL, a URL string, a Response or its promise (served over HTTP by
// node:http), and the errors for bytes that are not WebAssembly and for failed fetches.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, createContext, matrix, toArray, WasmUnavailableError } from '../../src/index.js';
import { scalarWasm } from '../../src/wasm/binaries.js';
import { repoRoot } from '../support/packed.js';

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  const simd = readFileSync(join(repoRoot, 'build', 'convgrad-simd.wasm'));
  server = createServer((req, res) => {
    requests.push(req.url!);
    if (req.url === '/simd.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end(simd);
    else if (req.url === '/octet.wasm') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(scalarWasm()));
    else if (req.url === '/garbage.wasm') res.writeHead(200, { 'content-type': 'application/wasm' }).end('not wasm');
    else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const x = matrix([[1, 2], [3, 4]]);
const h = matrix([[1, -1]]);

describe('init({ wasm }) from the network', () => {
  it('takes a URL string, a URL, a Response and a promise of one (streaming when served as application/wasm)', async () => {
    for (const wasm of [`${base}/simd.wasm`, new URL('/simd.wasm', base), await fetch(`${base}/simd.wasm`), fetch(`${base}/simd.wasm`)]) {
      const cg = await createContext({ wasm });
      expect(cg.backendInfo().backend).toBe('wasm-simd');
      expect(toArray(cg.conv2d(x, h))).toEqual([[1, 1, -2], [3, 1, -4]]);
    }
    // Another content type: read as bytes, then compiled.
    expect((await createContext({ wasm: `${base}/octet.wasm` })).backendInfo().backend).toBe('wasm-scalar');
  });

  it('says what went wrong: HTTP status, bytes that are not WebAssembly, an unreachable URL', async () => {
    await expect(createContext({ wasm: `${base}/missing.wasm` })).rejects.toThrow(/options\.wasm: fetching .*missing\.wasm failed with HTTP 404/);
    const garbage = createContext({ wasm: `${base}/garbage.wasm` });
    await expect(garbage).rejects.toThrow(ArgumentError);
    await expect(createContext({ wasm: `${base}/garbage.wasm` })).rejects.toThrow(/garbage\.wasm is not valid WebAssembly/);
    await expect(createContext({ wasm: 'file:///nowhere/convgrad.wasm' })).rejects.toThrow(/cannot fetch.*pass its bytes/);
    // Bad bytes are the caller's mistake, never "WebAssembly unavailable", even with fallback.
    const bytes = createContext({ wasm: new Uint8Array([0, 97, 115, 109, 9, 9]), fallback: 'js' });
    await expect(bytes).rejects.toThrow(ArgumentError);
    await expect(createContext({ wasm: new Uint8Array([1, 2, 3]) })).rejects.not.toThrow(WasmUnavailableError);
    await expect(createContext({ fallback: 'wasm' as never })).rejects.toThrow(/options\.fallback must be 'js'/);
  });
});
