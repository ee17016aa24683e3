// Peers as a page loads them, without a bundler: TensorFlow.js and its wasm backend from their UMD
// builds in the package folders (served as they are by the benchmark's server, .wasm files
// included). Used by bench/peers/page.mjs and bench/layer/page.mjs.

export function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

const message = (e) => String(e?.message ?? e).split('\n')[0].slice(0, 160);

/**
 * TensorFlow.js (cpu) and tfjs-backend-wasm with one thread. `nodeModules`: the URL of the served
 * node_modules/ folder, relative to the page. Returns { tf?, tfError?, tfWasm?, tfWasmError?, versions }.
 */
export async function loadTfjsBrowser(nodeModules) {
  const libs = { versions: {} };
  try {
    await loadScript(`${nodeModules}@tensorflow/tfjs/dist/tf.min.js`);
    libs.tf = globalThis.tf;
    libs.versions.tfjs = libs.tf.version?.tfjs ?? '?';
    try {
      await loadScript(`${nodeModules}@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js`);
      const wasm = globalThis.tf.wasm;
      wasm.setWasmPaths(new URL(`${nodeModules}@tensorflow/tfjs-backend-wasm/dist/`, document.baseURI).href);
      wasm.setThreadsCount?.(1);
      libs.tfWasm = wasm;
      libs.versions['tfjs-backend-wasm'] = wasm.version_wasm ?? '?';
    } catch (e) { libs.tfWasmError = message(e); }
  } catch (e) { libs.tfError = message(e); }
  return libs;
}
