// The Node pool's worker as one file (dist/node/pool/worker.bundle.js, and its CommonJS twin made
// by build-cjs.mjs): a worker built from tsc's one-file-per-module output resolves, reads and
// compiles ~80 modules when it starts (≈ 80 ms of CPU each on this 2-core machine, three workers
// for one RGB photo in the CLI); the bundle loads in ≈ 20 ms. The worker runs in its own thread
// with its own module graph, so a separate copy of the library in it changes nothing.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pool = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'node', 'pool');
await build({
  entryPoints: [join(pool, 'worker.js')],
  outfile: join(pool, 'worker.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
});
console.log('bundled the pool worker into dist/node/pool/worker.bundle.js');
