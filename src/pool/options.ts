// createPool's options, checked the same way by the Node and the Web Worker pool.
import { ArgumentError } from '../errors.js';
import { checkOptions } from '../validate.js';
import { engineHasSimd } from '../wasm/embedded.js';
import { embeddedAdmmModule } from '../wasm/admm-module.js';
import { embeddedLayerModule } from '../wasm/layer-module.js';
import { compileSource } from '../wasm/module.js';
import type { WorkerInit } from './protocol.js';
import type { PoolOptions } from './types.js';

/**
 * The worker count and what each worker starts with (`platformKeys`: the options only one
 * platform's pool takes, checked by it). The WebAssembly module is compiled here,
 * once, and posted to every worker (which only instantiates it).
 */
export async function checkPoolOptions(
  options: PoolOptions, defaultWorkers: number, platformKeys: readonly string[] = [],
): Promise<{ workers: number; init: Omit<WorkerInit, 'control'> }> {
  const opts = checkOptions('options', options, ['workers', 'backend', 'wasm', ...platformKeys], 'createPool');
  const workers = opts.workers ?? defaultWorkers;
  if (!Number.isInteger(workers) || workers < 1) throw new ArgumentError(`options.workers must be a positive integer, got ${String(workers)}`);
  const backend = opts.backend ?? 'wasm';
  if (backend === 'js') {
    if (opts.wasm !== undefined) throw new ArgumentError("options.wasm cannot be combined with backend: 'js'");
    return { workers, init: { backend } };
  }
  if (backend !== 'wasm') throw new ArgumentError(`options.backend must be 'wasm' or 'js', got ${JSON.stringify(backend)}`);
  if (opts.wasm !== undefined) return { workers, init: { backend, module: await compileSource(opts.wasm) } };
  // The embedded binaries: the layer's and the ADMM one's too, of the flavour the core's will run
  // (a worker compiles nothing; unpacking and compiling the layer binary cost each worker ~0.1 s of
  // start-up, the ADMM binary 60–100 ms of CPU: three workers for one RGB photo in the CLI).
  const simd = engineHasSimd();
  const [module, layerModule, admmModule] = await Promise.all([compileSource(), embeddedLayerModule(simd), embeddedAdmmModule(simd)]);
  return { workers, init: { backend, module, layerModule, admmModule } };
}
