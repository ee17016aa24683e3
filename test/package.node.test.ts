// The published shape of the package: built ESM entry with types, raw binaries, and a core
// entry with no runtime dependencies that a browser can load as plain ESM (only relative imports).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package', () => {
  it('exports the built ESM entry with types, and the raw wasm files', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.'].import.default).toBe('./dist/index.js');
    expect(pkg.exports['.'].require.default).toBe('./dist/index.cjs');
    expect(pkg.exports['.'].import.types).toBe('./dist/index.d.ts');
    expect(pkg.exports['./wasm/*']).toBe('./dist/wasm/*');
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/wasm/convgrad-simd.wasm', 'dist/wasm/convgrad-scalar.wasm', 'dist/wasm/convgrad-layer-simd.wasm', 'dist/wasm/convgrad-layer-scalar.wasm']) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
  });

  it('repository, homepage and bugs name the one GitHub repository every README link points to', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const repo = /^git\+https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository.url)?.[1];
    expect(repo, pkg.repository.url).toBeDefined();
    expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
    expect(pkg.bugs.url).toBe(`https://github.com/${repo}/issues`);
    const linked = [...readme.matchAll(/https:\/\/(?:github\.com|raw\.githubusercontent\.com)\/([\w.-]+\/[\w.-]+)\//g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThan(0);
    expect(new Set(linked)).toEqual(new Set([repo]));
  });

  it('the core entry has no runtime dependencies: its import graph holds only relative modules', () => {
    // Node-only entries (CLI, image IO, pool) may depend on packages; dist/index.js may not.
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] ?? m[2]!;
        expect(spec.startsWith('./') || spec.startsWith('../'), `${file} imports ${spec}`).toBe(true);
        visit(join(dirname(file), spec));
      }
    };
    visit(join(root, 'dist', 'index.js'));
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen].some((f) => f.includes(`${join('dist', 'node')}`))).toBe(false);
  });

  it('loads by its own name and computes', async () => {
    const cg = await import('convgrad');
    const info = await cg.init();
    expect(info.backend).toBe('wasm-simd');
    const z = cg.conv2d(cg.matrix([[1, 2], [3, 4]]), cg.matrix([[1]]), 'same');
    expect(cg.toArray(z)).toEqual([[1, 2], [3, 4]]);
  });
});
