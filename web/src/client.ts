// The page's side of the solver worker: one job at a time, progress callbacks, and Cancel.
//
// A solve is synchronous inside the worker, so a 'cancel' message would only be read after it
// ended. When the page is cross-origin isolated (the dev server, `vite preview` and the e2e
// server send COOP/COEP) the page shares a SharedArrayBuffer with the worker: Cancel writes the
// job's id there, the solver's onIteration sees it and aborts the job's AbortSignal, and the
// solver stops at its next iteration. Otherwise — or if a solve does not stop within a grace
// period (a direct solve has no iterations to stop at) — the worker is terminated and a new one
// started.
import type { Request, Response, Result } from './protocol';

export type Progress = Extract<Response, { type: 'progress' }>;
type Job = { id: number; resolve: (r: Result) => void; onProgress: ((p: Progress) => void) | undefined; cancelled: boolean; timer?: number };

/** Distributes Omit over the request union. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const GRACE_MS = 1500;

export class SolverWorker {
  private worker!: Worker;
  private readonly flag: Int32Array | null;
  private nextId = 1;
  private job: Job | null = null;
  /** How Cancel works in this page: 'abort-signal' or 'restart'. */
  readonly cancelMode: 'abort-signal' | 'restart';
  backend = '';
  restarts = 0;

  constructor(private readonly onFatal: (message: string) => void) {
    this.flag = globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null;
    this.cancelMode = this.flag ? 'abort-signal' : 'restart';
  }

  /** Starts the worker and waits until convgrad is initialised in it. */
  async start(): Promise<void> {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'convgrad-solver' });
    this.worker.onmessage = (e: MessageEvent<Response>) => this.receive(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(`The solver worker failed: ${e.message || 'it could not be loaded'}`);
    };
    this.worker.onmessageerror = () => this.fail('The solver worker sent a message the page could not read.');
    const r = await this.request({ type: 'init', cancelFlag: this.flag ? (this.flag.buffer as SharedArrayBuffer) : null });
    if (r.type === 'error') throw new Error(`${r.name}: ${r.message}`);
    if (r.type === 'ready') this.backend = r.backend;
  }

  get busy(): boolean {
    return this.job !== null;
  }

  /** Sends one job; resolves with its result, a 'cancelled' or an 'error' message (never rejects). */
  request(req: WithoutId<Request>, onProgress?: (p: Progress) => void): Promise<Result> {
    if (this.job) return Promise.resolve({ type: 'error', id: 0, name: 'Busy', code: null, message: 'another job is running' });
    const id = this.nextId++;
    return new Promise<Result>((resolve) => {
      this.job = { id, resolve, onProgress, cancelled: false };
      this.worker.postMessage({ ...req, id } as Request);
    });
  }

  cancel(): void {
    const job = this.job;
    if (!job || job.cancelled) return;
    job.cancelled = true;
    if (this.flag) {
      Atomics.store(this.flag, 0, job.id);
      job.timer = window.setTimeout(() => {
        if (this.job === job) void this.restart(job);
      }, GRACE_MS);
    } else {
      void this.restart(job);
    }
  }

  private finish(job: Job, result: Result): void {
    if (job.timer !== undefined) clearTimeout(job.timer);
    if (this.job === job) this.job = null;
    job.resolve(result);
  }

  private receive(msg: Response): void {
    const job = this.job;
    if (!job || msg.id !== job.id) return; // a late message from a cancelled job
    if (msg.type === 'progress') {
      job.onProgress?.(msg);
      return;
    }
    // A job that finished anyway after Cancel was pressed still counts as cancelled.
    if (job.cancelled && msg.type !== 'error' && msg.type !== 'cancelled') {
      this.finish(job, { type: 'cancelled', id: job.id, iteration: 'iterations' in msg ? msg.iterations : 0 });
      return;
    }
    this.finish(job, msg);
  }

  private async restart(job: Job): Promise<void> {
    this.worker.terminate();
    this.restarts++;
    this.job = null;
    try {
      await this.start();
      this.finish(job, { type: 'cancelled', id: job.id, iteration: -1 });
    } catch (err) {
      this.finish(job, { type: 'error', id: job.id, name: 'Error', code: null, message: `could not restart the solver worker: ${(err as Error).message}` });
    }
  }

  private fail(message: string): void {
    const job = this.job;
    if (job) this.finish(job, { type: 'error', id: job.id, name: 'WorkerError', code: null, message });
    else this.onFatal(message);
  }
}
