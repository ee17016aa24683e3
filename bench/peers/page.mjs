// The browser side of the peer benchmark: loads the peers the way a page would (TensorFlow.js and
// OpenCV.js from their UMD builds in the package folders, served as they are), imports convgrad's
// built ESM directly, and runs the same harness and adapters as Node. ml-matrix-convolution is
// not loaded here: it imports the CommonJS package ml-fft, which a page cannot import without a
// bundler.
import { createContext } from '../../dist/index.js';
import { CASES, allocationCost, caseLabel, makeInputs, runCase, message } from './harness.mjs';
import { makeContenders } from './contenders.mjs';
import { loadScript, loadTfjsBrowser } from './browser-libs.mjs';

const logEl = document.getElementById('log');
function log(line) {
  console.log(line);
  logEl.textContent += `${line}\n`;
}

const NM = '../../node_modules/';

async function loadLibs() {
  const tfjs = await loadTfjsBrowser(NM);
  const libs = {
    convgrad: { simd: await createContext(), js: await createContext({ backend: 'js' }) },
    ...tfjs,
    versions: { ...tfjs.versions },
  };
  try {
    await loadScript(`${NM}@techstark/opencv-js/dist/opencv.js`);
    const cv = globalThis.cv;
    // A thenable that resolves to itself: wait for the runtime instead of awaiting the object.
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('onRuntimeInitialized not called in 60 s')), 60_000);
      const done = () => { clearTimeout(timer); resolve(); };
      if (cv.Mat) done(); else cv.onRuntimeInitialized = done;
    });
    libs.cv = cv;
    libs.versions['opencv.js'] = `OpenCV ${cv.getBuildInformation().match(/Version control:\s*(\S+)/)?.[1] ?? '?'}`;
  } catch (e) { libs.cvError = message(e); }
  libs.mlError = 'not loaded in the page (CommonJS dependency ml-fft needs a bundler)';
  return libs;
}

let libsPromise;

/** config: { only?: string[], contenders?: string[], budgetMs?, warmupMs?, sampleMs?: number } */
window.runPeerBench = async function runPeerBench(config = {}) {
  libsPromise ??= loadLibs();
  const libs = await libsPromise;
  const contenders = makeContenders(libs, config.contenders);
  const rows = [];
  for (const c of CASES.filter((c) => !config.only || config.only.includes(c.id))) {
    log(caseLabel(c));
    const inputs = makeInputs(c);
    const ref = libs.convgrad.js;
    const reference = c.op === 'conv' ? ref.conv2d(inputs.x, inputs.h, 'valid').data
      : c.op === 'gradKernel' ? ref.gradKernel(inputs.x, inputs.h, inputs.y, 'valid').data
        : ref.gradImage(inputs.x, inputs.h, inputs.y, 'valid').data;
    const results = await runCase(c, inputs, reference, contenders, { budgetMs: config.budgetMs, warmupMs: config.warmupMs, sampleMs: config.sampleMs, log });
    rows.push({ case: c, results });
  }
  const tf = libs.tf;
  const env = {
    engine: navigator.userAgent.match(/(HeadlessChrome|Chrome|Chromium)\/[\d.]+/)?.[0] ?? navigator.userAgent,
    cores: navigator.hardwareConcurrency,
    convgrad: libs.convgrad.simd.backendInfo().backend,
    versions: libs.versions,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    tfjsWasmSimd: tf && libs.tfWasm ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT').catch(() => '?') : undefined,
    tfjsWasmThreads: libs.tfWasm ? (() => { try { return libs.tfWasm.getThreadsCount(); } catch { return '?'; } })() : undefined,
    errors: { tf: libs.tfError, tfWasm: libs.tfWasmError, cv: libs.cvError },
  };
  return { env, rows };
};

window.allocationCost = allocationCost;

if (new URLSearchParams(location.search).has('run')) window.runPeerBench().then(() => log('done'), (e) => log(`failed: ${message(e)}`));
