// Debian's Chromium as every browser run here launches it (vitest browser mode, the demo's e2e
// test, the Chromium benchmark, the README screenshot): no sandbox (we run as root), no GPU, and
// no background networking (the machine has no internet; those connections only add noise).
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
