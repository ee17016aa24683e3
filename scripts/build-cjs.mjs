// The CommonJS build: every dist/**/*.js (tsc's ESM output) transpiled one file to one file into
// a .cjs beside it, and every .d.ts copied to a .d.cts, with relative specifiers renamed
// .js → .cjs. One file per module (not one bundle per entry) so `convgrad`, `convgrad/node` and
// `convgrad/pool` required together share one copy of each module: one init() state, one set of
// error classes (instanceof works across the entries).
import { transform } from 'esbuild';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** Files that only make sense in a browser (module Workers): no CommonJS twin. */
const BROWSER_ONLY = /^web\//;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** './x.js' → './x.cjs' in require(), import(), from '…' and new URL('…', import.meta.url). */
const renameSpecifiers = (code) =>
  code.replace(/(["'])(\.\.?\/[^"'\n]*?)\.js\1/g, (_, q, path) => `${q}${path}.cjs${q}`);

let files = 0;
for await (const path of walk(dist)) {
  const rel = relative(dist, path).split('\\').join('/');
  if (BROWSER_ONLY.test(rel) || rel.startsWith('wasm/convgrad-')) continue;
  if (path.endsWith('.d.ts')) {
    const dts = await readFile(path, 'utf8');
    await writeFile(path.replace(/\.d\.ts$/, '.d.cts'), renameSpecifiers(dts.replace(/\n\/\/# sourceMappingURL=.*$/, '')));
  } else if (path.endsWith('.js')) {
    const source = await readFile(path, 'utf8');
    const usesMetaUrl = source.includes('import.meta.url');
    const { code } = await transform(source.replace(/\n\/\/# sourceMappingURL=.*$/, ''), {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      // import() of a sibling becomes require(): the CommonJS graph never loads the ESM copies.
      supported: { 'dynamic-import': false },
      define: usesMetaUrl ? { 'import.meta.url': '__importMetaUrl' } : {},
      banner: usesMetaUrl ? 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' : '',
    });
    await writeFile(path.replace(/\.js$/, '.cjs'), renameSpecifiers(code));
    files++;
  }
}
console.log(`built ${files} CommonJS modules beside dist/**/*.js`);
