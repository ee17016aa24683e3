// Checks the built package's Conv2D layer against scripts/layer-torch-sweep.py's PyTorch
// references on every backend (wasm SIMD, wasm scalar, JS), float64 and float32: forward,
// gradInput, gradWeight and (with a bias) gradBias, each within issue 10's tolerances — relative
// to the reference's largest magnitude, 1e-10 in float64 and 1e-4 in float32. Prints the worst
// error per backend, dtype and output; exits 1 on any miss. Needs `npm run build`.
//   node scripts/layer-torch-sweep.mjs layer-torch-sweep.json
import { readFileSync } from 'node:fs';
import { createContext } from '../dist/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: node scripts/layer-torch-sweep.mjs <cases.json from layer-torch-sweep.py>');
const cases = JSON.parse(readFileSync(file, 'utf8'));
const build = (name) => readFileSync(new URL(`../build/${name}`, import.meta.url));
const contexts = {
  'wasm-simd': await createContext(),
  'wasm-scalar': await createContext({ wasm: build('convgrad-scalar.wasm'), layerWasm: build('convgrad-layer-scalar.wasm') }),
  js: await createContext({ backend: 'js' }),
};
/** max |a − r| / max |r|. */
function relError(a, r) {
  let d = 0, m = 0;
  for (let i = 0; i < r.length; i++) { d = Math.max(d, Math.abs(a[i] - r[i])); m = Math.max(m, Math.abs(r[i])); }
  return m === 0 ? d : d / m;
}
const TOL = { f64: 1e-10, f32: 1e-4 };
const worst = new Map();
let misses = 0;
for (const [index, c] of cases.entries()) {
  for (const [name, cg] of Object.entries(contexts)) {
    for (const dt of ['f64', 'f32']) {
      const Arr = dt === 'f64' ? Float64Array : Float32Array;
      const t = (data, shape) => ({ data: Arr.from(data), shape });
      const x = t(c.x, [c.N, c.Cin, c.H, c.W]);
      const w = t(c.w, [c.Cout, c.Cin / c.groups, c.kH, c.kW]);
      const b = c.bias ? t(c.b, [c.Cout]) : null;
      const opts = { stride: c.stride, dilation: c.dilation, groups: c.groups, ...(c.padding === null ? {} : { padding: c.padding }) };
      const y = cg.conv2dLayer(x, w, b, opts);
      const g = cg.conv2dLayerBackward(x, w, t(c.dy, c.out), opts);
      const ref = c[dt];
      const errs = { y: relError(y.data, ref.y), gradInput: relError(g.gradInput.data, ref.dx), gradWeight: relError(g.gradWeight.data, ref.dw) };
      if (ref.db) errs.gradBias = relError(g.gradBias.data, ref.db);
      for (const [out, e] of Object.entries(errs)) {
        const key = `${name} ${dt} ${out}`;
        if (!(e <= (worst.get(key)?.e ?? -1))) worst.set(key, { e, index });
        if (!(e <= TOL[dt])) {
          misses++;
          const { x: _x, w: _w, b: _b, dy: _dy, f64: _r, f32: _s, ...config } = c;
          console.log(`MISS case ${index} ${key}: ${e.toExponential(2)} ${JSON.stringify(config)}`);
        }
      }
    }
  }
}
for (const [key, { e, index }] of worst) console.log(`${key.padEnd(24)} ${e.toExponential(2)} (case ${index})`);
console.log(misses ? `${misses} misses` : `${cases.length} cases: all within 1e-10 (float64) and 1e-4 (float32)`);
process.exitCode = misses ? 1 : 0;
