// Whether this app uses the Conv2D layer, learnt without importing the layer: src/layer/api.ts
// hands its loader here when it is evaluated. A bundler drops that module from an app that never
// calls conv2dLayer/conv2dLayerBackward (the package has no side effects), so such an app never
// references the layer's code or its binaries, and init() loads only the core binary.
import type { WasmLayer } from './layer-module.js';
import type { WasmSource } from './module.js';

/** Loads the layer binary of the core's flavour (`simd`), or `source` when given. */
export type LayerLoader = (simd: boolean, source: WasmSource | undefined) => Promise<WasmLayer>;

let loader: LayerLoader | null = null;

/** Called once by src/layer/api.ts as it is evaluated. */
export function provideLayerLoader(load: LayerLoader): void {
  loader = load;
}

/** The layer's loader, or null when nothing in this app uses the layer. */
export function layerLoader(): LayerLoader | null {
  return loader;
}
