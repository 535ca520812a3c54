/**
 * Starting an analysis worker thread (worker.ts). The server's launcher starts the first one before
 * it loads the server's bundle (startup/launcher.ts, SHAPELENS_WORKER), so the thread's start and
 * the bundle's load overlap; WorkerClient starts the others. Imports nothing but node:worker_threads
 * and constants: the launcher bundles this module, and Node compiles the launcher on every start.
 */
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import type { WorkerData } from './worker.js';
import { SLOTS } from './worker-protocol.js';

/** An analysis worker thread as started: its shared slots and the server's end of its view port. */
export interface StartedWorker {
  readonly worker: Worker;
  readonly flags: Int32Array;
  readonly views: MessagePort;
}

/**
 * Starts the analysis worker `file` with the slots `flags`. Whoever starts one hands it to a
 * WorkerClient before the event loop turns, so no event of the worker goes unheard.
 */
export function startWorker(file: string, resourceLimits?: ResourceLimits, flags: Int32Array = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT))): StartedWorker {
  const channel = new MessageChannel();
  const data: WorkerData = { flags: flags.buffer as SharedArrayBuffer, views: channel.port2 };
  // Streams Node would otherwise make before the thread starts (lib/internal/worker.js pipes the
  // thread's output to process.stdout and process.stderr, whose first use costs ~5 ms here;
  // lib/internal/main/worker_thread.js ends the thread's own process.stdin, ~4 ms of its start).
  const worker = new Worker(file, { workerData: data, transferList: [channel.port2], ...(resourceLimits ? { resourceLimits } : {}), stdin: true, stdout: true, stderr: true });
  // The thread's output goes to stderr, its stdout too: on stdout it would break the protocol's stream.
  worker.stdout.pipe(process.stderr);
  worker.stderr.pipe(process.stderr);
  return { worker, flags, views: channel.port1 };
}

/**
 * The analysis worker's semi-spaces, in MB: half V8's default of 16, the young generation's ceiling
 * for the editing workload (issue 11 §6). A resource limit of the thread, not a V8 flag: see
 * startup/heap-flags.ts for why the server's command line has none.
 */
const SEMI_SPACE_MB = 8;

/**
 * The worker's heap limits: V8's young generation is three semi-spaces (SEMI_SPACE_MB unless the
 * process was started with its own `--max-semi-space-size`); the old generation is capped only when
 * the process is.
 */
export function workerLimits(execArgv: readonly string[]): ResourceLimits {
  const flag = (name: string): number | null => {
    const arg = execArgv.find((a) => a.startsWith(`--${name}=`));
    const n = arg ? Number(arg.slice(name.length + 3)) : NaN;
    return Number.isFinite(n) && n > 0 ? n : null;
  };
  const semi = flag('max-semi-space-size') ?? SEMI_SPACE_MB;
  const old = flag('max-old-space-size');
  return { maxYoungGenerationSizeMb: 3 * semi, ...(old ? { maxOldGenerationSizeMb: old } : {}) };
}
