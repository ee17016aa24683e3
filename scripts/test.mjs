// `npm test`: builds (assembly/ → WebAssembly, src/ → dist/), type-checks, then runs the
// vitest projects: 'node' and 'browser' (headless Chromium). Without a Chromium it says so
// loudly and runs Node only — except under CI=true, where a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath as chromium } from './chromium.mjs';
const ci = process.env.CI === 'true' || process.env.CI === '1';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npm', ['run', 'build', '--silent']); // the tests load src/, the package test loads dist/
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);

const projects = ['--project', 'node'];
if (existsSync(chromium)) {
  projects.push('--project', 'browser');
} else if (ci) {
  console.error(`\n*** CI=true but no Chromium at ${chromium}: the browser tests cannot run. Install it (apt-get install -y chromium) or set CHROMIUM_PATH. ***\n`);
  process.exit(1);
} else {
  console.error(`\n${'!'.repeat(78)}\n!! No Chromium at ${chromium}: running the NODE tests only.\n!! The browser project is SKIPPED. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.\n${'!'.repeat(78)}\n`);
}
run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...projects, ...process.argv.slice(2)]);
