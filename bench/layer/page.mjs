// The browser side of the Conv2D layer benchmark: loads the peers as a page would (TensorFlow.js
// from its UMD builds, ONNX Runtime Web's wasm-only ESM build with its .wasm beside it), imports
// convgrad's built ESM directly, and runs the same driver, contenders and checks as Node.
import { createContext } from '../../dist/index.js';
import { loadTfjsBrowser } from '../peers/browser-libs.mjs';
import { message } from '../peers/harness.mjs';
import { makeLayerContenders } from './contenders.mjs';
import { createLayerSession } from './run.mjs';

const logEl = document.getElementById('log');
function log(line) {
  console.log(line);
  logEl.textContent += `${line}\n`;
}

const NM = '../../node_modules/';

async function loadLibs() {
  const tfjs = await loadTfjsBrowser(NM);
  const libs = { convgrad: { simd: await createContext(), js: await createContext({ backend: 'js' }) }, ...tfjs, versions: { ...tfjs.versions } };
  try {
    const ort = await import(`${NM}onnxruntime-web/dist/ort.wasm.min.mjs`);
    ort.env.wasm.wasmPaths = new URL(`${NM}onnxruntime-web/dist/`, document.baseURI).href;
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    libs.ort = ort;
    libs.versions['onnxruntime-web'] = ort.env.versions?.web ?? '?';
  } catch (e) { libs.ortError = message(e); }
  return libs;
}

let state;

/** config: { contenders?: string[], budgetMs?, maxCallMs? } — fixed by the first call. */
window.runLayerCase = async function runLayerCase(config, shape, pass) {
  state ??= loadLibs().then((libs) => {
    const contenders = makeLayerContenders(libs, config.contenders);
    return { libs, contenders, session: createLayerSession(contenders, { budgetMs: config.budgetMs, maxCallMs: config.maxCallMs, log }) };
  });
  const { session } = await state;
  return session.run(shape, pass);
};

window.layerEnv = async function layerEnv() {
  const { libs, contenders } = await state;
  const tf = libs.tf;
  return {
    engine: navigator.userAgent.match(/(HeadlessChrome|Chrome|Chromium)\/[\d.]+/)?.[0] ?? navigator.userAgent,
    cores: navigator.hardwareConcurrency,
    convgrad: libs.convgrad.simd.backendInfo().backend,
    versions: libs.versions,
    names: contenders.map((c) => c.name),
    crossOriginIsolated: globalThis.crossOriginIsolated,
    tfjsWasmSimd: tf && libs.tfWasm ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT').catch(() => '?') : undefined,
    tfjsWasmThreads: libs.tfWasm ? (() => { try { return libs.tfWasm.getThreadsCount(); } catch { return '?'; } })() : undefined,
    ortThreads: libs.ort?.env.wasm.numThreads,
    errors: { tf: libs.tfError, tfWasm: libs.tfWasmError, ort: libs.ortError },
  };
};
