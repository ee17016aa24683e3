// The WebAssembly backend's solver support — the session on its arena (session.ts, with the ADMM
// engine and the blocked calls) and the Wiener filter (wiener.ts) — learnt without importing it:
// src/solvers/checks.ts, which every solver imports, hands it here when it is evaluated. A bundler
// drops the solvers from apps that never call one (the package has no side effects), and this
// code with them, so `import { init, conv2d }` does not carry it.
import { ConvgradError } from '../errors.js';
import type { loadAdmmExports } from './admm-module.js';
import type { wasmSession } from './session.js';
import type { wienerFloat64 } from './wiener.js';

/** What the solvers need from the WebAssembly backend beyond the core operations. */
export interface WasmSolverSupport {
  session: typeof wasmSession;
  wiener: typeof wienerFloat64;
  /** Loads the ADMM binary on the core's memory (init() calls it once solvers are in the app). */
  loadAdmm: typeof loadAdmmExports;
}

let support: WasmSolverSupport | null = null;

/** Called once by src/solvers/checks.ts as it is evaluated. */
export function provideWasmSolverSupport(s: WasmSolverSupport): void {
  support = s;
}

/** The solver support; only solvers ask for it, and importing a solver provides it. */
export function wasmSolverSupport(): WasmSolverSupport {
  if (support === null) {
    throw new ConvgradError('ERR_SOLVERS_NOT_LOADED', 'the WebAssembly solver session is not loaded: import a solver (estimateKernel, deconvolve) from convgrad');
  }
  return support;
}

/** The solver support when solvers are in this app, else null (init() loads their binary then). */
export function wasmSolverSupportIfLoaded(): WasmSolverSupport | null {
  return support;
}
