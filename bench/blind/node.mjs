// `npm run bench:blind`: the blind deconvolution benchmark in Node (see README of bench/blind in
// BENCHMARKS.md). Options: --suite standard|hard (default standard: cases 0…, hard: 100…),
// --count N (default 16), --json file, --cases i,j,... (only those).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../../dist/index.js';
import { createWasmBackend } from '../../dist/wasm/backend.js';
import { deconvolveWithKernel } from '../../dist/solvers/blind/final.js';
import { caseIds, runSuite } from './suite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : process.argv[i + 1];
};

import { loadPhotos } from './photos.mjs';

const cg = await createContext();
const backend = await createWasmBackend();
/** The fixed non-blind deconvolution of the error ratio (see score.mjs). */
export const deblur = (y, N, k, ks) => deconvolveWithKernel(backend, y, N, N, k, ks, ks, 'tv', 0.005);
const photos = await loadPhotos(root);
const count = Number(arg('--count', '16'));
const suite = arg('--suite', 'standard');
if (suite !== 'standard' && suite !== 'hard') throw new Error(`--suite must be standard or hard, got ${suite}`);
const only = arg('--cases', undefined);
const ids = only ? only.split(',').map(Number) : caseIds(suite, count);
console.log(`${suite} suite, Node ${process.version}`);
const { rows, summary } = runSuite(cg, deblur, photos, ids, (r) =>
  console.log(
    `case ${String(r.case).padStart(3)} ${r.photo.padEnd(9)} ${String(r.size).padStart(2)} px ${r.geometry.padEnd(5)} ${r.extra.padEnd(18)} ` +
      `σ=${r.sigma255.toFixed(2)}/255  r=${r.ratio.toFixed(2).padStart(6)}  sim=${r.similarity.toFixed(3)}  ${r.ms.toFixed(0).padStart(5)} ms (cpu ${r.cpuMs.toFixed(0)})` +
      (r.converged ? '' : '  (not converged)'),
  ),
);
console.log(
  `\n${summary.count} images: r ≤ 2 ${(100 * summary.success2).toFixed(0)}%, r ≤ 3 ${(100 * summary.success3).toFixed(0)}%, ` +
    `mean r ${summary.meanRatio.toFixed(2)}, median r ${summary.medianRatio.toFixed(2)}, mean similarity ${summary.meanSimilarity.toFixed(3)}, ` +
    `median ${summary.medianMs.toFixed(0)} ms wall, ${summary.medianCpuMs.toFixed(0)} ms CPU (${summary.medianMsUpTo27.toFixed(0)} ms wall for kernels ≤ 27)`,
);
const json = arg('--json', undefined);
if (json) await writeFile(json, JSON.stringify({ engine: `node ${process.version}`, summary, rows }, null, 1));
