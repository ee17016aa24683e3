// Writes a pool benchmark's table into BENCHMARKS.md (Node only; the Node and Chromium pool benches).
import { readFile, writeFile } from 'node:fs/promises';

const FILE = new URL('../../BENCHMARKS.md', import.meta.url);

/**
 * Puts `table` between `<!-- name:begin -->` and `<!-- name:end -->` in BENCHMARKS.md; where the
 * markers are not there yet, appends a new section (`heading`, `intro`) with them.
 */
export async function writeBenchSection(name, table, heading, intro) {
  const doc = await readFile(FILE, 'utf8');
  const BEGIN = `<!-- ${name}:begin -->`;
  const END = `<!-- ${name}:end -->`;
  const section = `${BEGIN}\n${table}\n${END}`;
  const next = doc.includes(BEGIN) && doc.includes(END)
    ? doc.slice(0, doc.indexOf(BEGIN)) + section + doc.slice(doc.indexOf(END) + END.length)
    : `${doc.trimEnd()}\n\n## ${heading}\n\n${intro}\n\n${section}\n`;
  await writeFile(FILE, next);
  console.log(`\nwrote BENCHMARKS.md (${BEGIN} … ${END})`);
}
