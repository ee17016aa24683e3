// What convgrad weighs in an app: esbuild production bundles (minified, ESM, code splitting as
// Vite/Rollup do it) of four imports, measured as what a browser on a SIMD engine downloads at
// `await init()` — the entry chunk, the chunks it imports, the core SIMD binary's chunk and, when
// the app uses the Conv2D layer, the layer SIMD binary's chunk — raw and gzip -9. Chunks fetched
// only on demand (the scalar binaries, the JS backend) are listed apart.
// `npm run size` (after a build); `--json` prints the figures as JSON.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const CASES = {
  'core: init, conv2d': "import { init, conv2d } from 'convgrad'; await init(); globalThis.r = conv2d;",
  'solvers: init, estimateKernel, deconvolve': "import { init, estimateKernel, deconvolve } from 'convgrad'; await init(); globalThis.r = [estimateKernel, deconvolve];",
  'layer: init, conv2dLayer, conv2dLayerBackward': "import { init, conv2dLayer, conv2dLayerBackward } from 'convgrad'; await init(); globalThis.r = [conv2dLayer, conv2dLayerBackward];",
  'whole API: import *': "import * as convgrad from 'convgrad'; await convgrad.init(); globalThis.r = convgrad;",
};

/** Bundles `source` (resolving 'convgrad' to this package by its exports) and weighs the chunks. */
export async function measure(source) {
  const dir = mkdtempSync(join(root, '.size-'));
  try {
    writeFileSync(join(dir, 'entry.mjs'), source);
    const result = await build({
      entryPoints: [join(dir, 'entry.mjs')], bundle: true, minify: true, format: 'esm', splitting: true,
      platform: 'browser', target: 'es2022', outdir: join(dir, 'out'), write: false, metafile: true, logLevel: 'silent',
    });
    const files = new Map(result.outputFiles.map((f) => [relative(root, f.path), f.contents]));
    const outputs = result.metafile.outputs;
    const holds = (out, pattern) => Object.keys(outputs[out].inputs).some((i) => pattern.test(i));
    // init() imports the SIMD binaries' chunks (core; layer and ADMM when the bundle has the layer / a solver).
    const simdBinary = (o) => holds(o, /(^|[\\/])(layer-|admm-)?simd\.generated/);
    const loaded = new Set();
    const visit = (out) => {
      if (loaded.has(out)) return;
      loaded.add(out);
      for (const imp of outputs[out].imports) {
        if (imp.kind === 'import-statement' || (imp.kind === 'dynamic-import' && simdBinary(imp.path))) visit(imp.path);
      }
    };
    const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint);
    visit(entry);
    // Every chunk the app can ever fetch. esbuild also emits chunks for import() calls in modules it
    // tree-shook away (e.g. the layer binaries in a bundle without the layer): nothing fetches those.
    const reachable = new Set();
    const reach = (out) => {
      if (reachable.has(out)) return;
      reachable.add(out);
      for (const imp of outputs[out].imports) reach(imp.path);
    };
    reach(entry);
    const weigh = (o) => ({ raw: files.get(o).length, gzip: gzipSync(files.get(o), { level: 9 }).length });
    const sum = (list) => list.reduce((s, o) => ({ raw: s.raw + weigh(o).raw, gzip: s.gzip + weigh(o).gzip }), { raw: 0, gzip: 0 });
    const name = (o) => (o === entry ? 'entry'
      : holds(o, /layer-simd\.generated/) ? 'layer SIMD binary' : holds(o, /layer-scalar\.generated/) ? 'layer scalar binary'
      : holds(o, /admm-simd\.generated/) ? 'ADMM SIMD binary' : holds(o, /admm-scalar\.generated/) ? 'ADMM scalar binary'
      : holds(o, /simd\.generated/) ? 'SIMD binary' : holds(o, /scalar\.generated/) ? 'scalar binary'
      : holds(o, /js[\\/]backend/) ? 'JS backend' : 'shared chunk');
    return {
      loaded: sum([...loaded]),
      entry: weigh(entry),
      /** The package's source files (dist/…) in the chunks loaded at init. */
      loadedInputs: [...loaded].flatMap((o) => Object.keys(outputs[o].inputs)).filter((i) => i.includes('dist/')).map((i) => i.slice(i.indexOf('dist/'))).sort(),
      chunks: [...reachable].filter((o) => o.endsWith('.js')).map((o) => ({ name: name(o), loadedAtInit: loaded.has(o), ...weigh(o) })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const all = {};
  for (const [label, source] of Object.entries(CASES)) all[label] = await measure(source);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(all, null, 2));
  } else {
    console.log('esbuild --bundle --minify --splitting --format=esm; loaded on a SIMD engine at init(), gzip -9 (raw)\n');
    for (const [label, m] of Object.entries(all)) {
      console.log(`${label.padEnd(47)} ${kb(m.loaded.gzip).padStart(9)} gzip (${kb(m.loaded.raw)} raw); entry chunk ${kb(m.entry.gzip)} gzip`);
      for (const c of m.chunks.filter((c) => !c.loadedAtInit)) console.log(`${''.padEnd(49)}on demand: ${c.name} ${kb(c.gzip)} gzip`);
    }
  }
}
