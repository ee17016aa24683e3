// Ships the raw binaries beside the compiled JS (package export "convgrad/wasm/*").
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await mkdir(join(root, 'dist', 'wasm'), { recursive: true });
for (const target of ['simd', 'scalar', 'layer-simd', 'layer-scalar', 'admm-simd', 'admm-scalar']) {
  await copyFile(join(root, 'build', `convgrad-${target}.wasm`), join(root, 'dist', 'wasm', `convgrad-${target}.wasm`));
}
