// What a Node-side run records about the machine: the CPU's model name as lscpu prints it, the
// core count, and the 1-minute load average sampled through the run.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

export function cpuModel() {
  try {
    const m = execFileSync('lscpu', { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).match(/^Model name:\s*(.+)$/m);
    if (m) return m[1].trim();
  } catch { /* no lscpu: fall back */ }
  return cpus()[0]?.model ?? 'unknown CPU';
}

export function loadMeter() {
  const samples = [loadavg()[0]];
  return {
    sample() { samples.push(loadavg()[0]); },
    range() { samples.push(loadavg()[0]); return { min: Math.min(...samples), max: Math.max(...samples) }; },
  };
}

/** --key=value / --flag arguments; list() splits a comma list. */
export function parseArgs(argv) {
  const args = Object.fromEntries(argv.map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k, v.length ? v.join('=') : true];
  }));
  const list = (v) => (typeof v === 'string' && v ? v.split(',') : undefined);
  return { args, list };
}
