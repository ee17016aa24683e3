// Every code block of README.md runs as written, against the packed package in a fresh project:
// ```js blocks in Node (as .mjs; as .cjs when they use require()), ```js browser blocks in
// Chromium (a module script with an import map for the package's entries). A block whose info
// string says `fragment` (```js fragment, ```sh fragment) is skipped by design; any other block
// fails the test until it runs or is marked.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { freshProject, repoRoot, runNode, serveStatic } from '../support/packed.js';

interface Block {
  line: number;
  lang: string;
  flags: string[];
  code: string;
}

/** Fenced blocks (``` or ~~~, indented in lists too), with their info strings. */
export function codeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(lines[j]!); j++) {
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
    }
    const [lang = '', ...flags] = info.trim().split(/\s+/);
    blocks.push({ line: i + 1, lang: lang.toLowerCase(), flags, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = codeBlocks(readme);
const runnable = blocks.filter((b) => !b.flags.includes('fragment'));
const isJs = (b: Block) => ['js', 'javascript', 'mjs', 'cjs'].includes(b.lang);
const inBrowser = (b: Block) => isJs(b) && b.flags.includes('browser');
const inNode = (b: Block) => isJs(b) && !b.flags.includes('browser');

const ci = process.env.CI === 'true' || process.env.CI === '1';
const haveChromium = existsSync(chromiumPath);

let dir: string;
beforeAll(() => {
  dir = freshProject('module'); // npm pack: seconds, more on a busy machine
}, 180_000);

describe('README code blocks', () => {
  it('finds the blocks, and every block is runnable here or marked a fragment', () => {
    expect(blocks.length).toBeGreaterThan(5);
    const stray = runnable.filter((b) => !isJs(b)).map((b) => `line ${b.line}: \`\`\`${b.lang} (run it as js, or mark it \`\`\`${b.lang || 'text'} fragment)`);
    expect(stray).toEqual([]);
  });

  for (const block of runnable.filter(inNode)) {
    it(`line ${block.line}: runs in Node as written`, () => {
      const cjs = block.lang === 'cjs' || (/\brequire\(/.test(block.code) && !/^\s*import\s/m.test(block.code));
      const file = `readme-${block.line}.${cjs ? 'cjs' : 'mjs'}`;
      writeFileSync(join(dir, file), block.code);
      runNode(dir, file);
    });
  }

  describe.skipIf((!haveChromium && !ci) || !runnable.some(inBrowser))('in Chromium', () => {
    let server: Server;
    let url: string;
    let browser: Browser;
    beforeAll(async () => {
      const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'convgrad', 'package.json'), 'utf8')) as {
        exports: Record<string, string | Record<string, unknown>>;
      };
      // The import map a no-bundler page writes: each entry's browser (else import) file.
      const imports: Record<string, string> = {};
      for (const [sub, target] of Object.entries(pkg.exports)) {
        if (typeof target !== 'object' || sub.includes('*')) continue;
        const pick = (target.browser ?? target.import) as string | { default: string };
        imports[sub === '.' ? 'convgrad' : `convgrad/${sub.slice(2)}`] = `/node_modules/convgrad/${(typeof pick === 'string' ? pick : pick.default).slice(2)}`;
      }
      const pages: Record<string, [string, Record<string, string>]> = {};
      for (const b of runnable.filter(inBrowser)) {
        pages[`/readme-${b.line}.html`] = [
          `<!doctype html><meta charset="utf-8"><script type="importmap">${JSON.stringify({ imports })}</script>` +
            '<script>for (const t of ["error", "unhandledrejection"]) addEventListener(t, () => { window.__done = t; });</script>' +
            `<script type="module">${b.code}\n;window.__done = true;</script>`,
          {},
        ];
      }
      ({ server, url } = await serveStatic(dir, pages));
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await new Promise((ok) => server?.close(ok));
    });

    for (const block of runnable.filter(inBrowser)) {
      it(`line ${block.line}: runs in Chromium as written`, async () => {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        await page.goto(`${url}/readme-${block.line}.html`);
        await page.waitForFunction(() => (window as { __done?: unknown }).__done !== undefined, null, { timeout: 60_000 })
          .catch(() => errors.push('the block did not finish within 60 s'));
        const done = await page.evaluate(() => (window as { __done?: unknown }).__done);
        if (done !== true) errors.push(`the block ended with ${String(done)}`);
        await page.close();
        expect(errors).toEqual([]);
      });
    }
  });
});
