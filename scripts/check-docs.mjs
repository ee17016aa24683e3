// Lists every export of the package's entries (as their built .d.ts declare them) that has no
// doc comment. Exit 1 if any. `node scripts/check-docs.mjs` after a build.
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.CONVGRAD_DIST ?? join(root, 'dist');

export function undocumentedExports() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = Object.entries(pkg.exports)
    .filter(([, t]) => typeof t === 'object')
    .map(([sub, t]) => [sub, join(dist, (t.import?.types ?? t.types).slice(2).replace(/^dist\//, ''))]);
  const program = ts.createProgram(entries.map(([, f]) => f), { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const missing = [];
  let total = 0;
  for (const [sub, file] of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file));
    for (const exp of checker.getExportsOfModule(moduleSymbol)) {
      total++;
      const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
      if (doc === '') missing.push(`convgrad${sub === '.' ? '' : sub.slice(1)}: ${exp.name}`);
    }
  }
  return { total, missing };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { total, missing } = undocumentedExports();
  console.log(`${total - missing.length} of ${total} exports documented`);
  for (const m of missing) console.log(`  no doc comment: ${m}`);
  process.exit(missing.length ? 1 : 0);
}
