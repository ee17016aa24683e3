#!/usr/bin/env node
// The `convgrad` command: a thin shim over the compiled CLI (npm run build makes dist/).
import { run } from '../dist/node/cli.js';

process.exitCode = await run(process.argv.slice(2));
