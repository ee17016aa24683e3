// The `convgrad` command line (the package's bin runs `run(process.argv.slice(2))`).
export { run } from './cli/main.js';
