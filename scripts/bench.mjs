// `npm run bench`: rebuilds the package so the numbers are for the current source, then runs bench/.
import { spawnSync } from 'node:child_process';

for (const [cmd, args] of [
  ['npm', ['run', 'build', '--silent']],
  [process.execPath, ['bench/core.bench.mjs']],
  [process.execPath, ['bench/solvers.bench.mjs']],
  [process.execPath, ['bench/deconvolve.bench.mjs']],
]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
