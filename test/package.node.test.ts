// The published shape of the package: built ESM entry with types, raw binaries, no runtime
// dependencies, and an entry a browser can load as plain ESM (only relative imports).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package', () => {
  it('exports the built ESM entry with types, and the raw wasm files', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.'].import).toBe('./dist/index.js');
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    expect(pkg.exports['./wasm/*']).toBe('./dist/wasm/*');
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/wasm/convgrad-simd.wasm', 'dist/wasm/convgrad-scalar.wasm']) {
      expect(existsSync(join(root, f)), f).toBe(true);
    }
  });

  it('has no runtime dependencies and the built entry imports only relative modules', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.js')) files.push(join(dir, e.name));
      }
    };
    walk(join(root, 'dist'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\bfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)) {
        const spec = m[1] ?? m[2]!;
        expect(spec.startsWith('./') || spec.startsWith('../'), `${f} imports ${spec}`).toBe(true);
      }
    }
  });

  it('loads by its own name and computes', async () => {
    const cg = await import('convgrad');
    const info = await cg.init();
    expect(info.backend).toBe('wasm-simd');
    const z = cg.conv2d(cg.matrix([[1, 2], [3, 4]]), cg.matrix([[1]]), 'same');
    expect(cg.toArray(z)).toEqual([[1, 2], [3, 4]]);
  });
});
