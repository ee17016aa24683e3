// The demo page: `npm run web` (dev server) and `npm run build:web` (static bundle in web/dist).
// It imports 'convgrad' by name — the repo root is the package, resolved through its package.json
// "exports" (dist/, built by `npm run build`), exactly as a user's app would resolve it from
// node_modules. The WebAssembly is embedded in that JS, so nothing here is about .wasm files.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

if (!existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)))) {
  throw new Error("convgrad is not built (no dist/index.js): run `npm run build` first — the demo imports the package as published");
}

// Cross-origin isolation lets the page share a SharedArrayBuffer with the worker, so Cancel can
// abort a running solve through its AbortSignal; without it (any static server) Cancel restarts
// the worker instead.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './', // the bundle works from any directory of any static server
  server: { headers: isolation, host: '127.0.0.1' },
  preview: { headers: isolation, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
});
