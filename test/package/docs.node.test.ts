// The API reference: every export of every entry, as the built .d.ts declare it, carries a doc
// comment (exports added later included), and TypeDoc (`npm run docs`) builds HTML naming each one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { undocumentedExports } from '../../scripts/check-docs.mjs';
import { repoRoot } from '../support/packed.js';

describe('API reference', () => {
  it('every export in the built .d.ts has a doc comment', () => {
    const { total, missing } = undocumentedExports() as { total: number; missing: string[] };
    expect(total).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('TypeDoc builds HTML that covers every exported function', () => {
    const out = mkdtempSync(join(tmpdir(), 'convgrad-docs-'));
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: repoRoot, stdio: 'pipe' });
    const html = readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.html')).map((f) => readFileSync(join(out, String(f)), 'utf8')).join('\n');
    for (const name of ['init', 'createContext', 'conv2d', 'correlate2d', 'objective', 'gradKernel', 'gradImage', 'valueAndGrad', 'estimateKernel',
      'deconvolve', 'fromImageData', 'toImageData', 'readImage', 'createPool', 'WasmUnavailableError']) {
      expect(html, name).toContain(`>${name}<`);
    }
  }, 240_000);
});
