import type { TestProject } from 'vitest/node';
import { backends } from './backends.js';
import { digests } from './digests.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Result digests per backend computed in Node, for the Node-vs-browser identity test. */
    nodeDigests: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('nodeDigests', digests(await backends()));
}
