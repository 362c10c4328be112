/**
 * A positioning worker thread: the positioner behind a message port. The gateway's main thread
 * receives, checks and batches; the maths runs here, off the message loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPositioner, emptyOutput, mergeOutput, type PositionerOptions } from './positioner.js';
import type { ToWorker } from './workers.js';

/**
 * A batch's fixes go back every this many milliseconds of work: the first scan of a long batch (a
 * burst after a stall) is not held back until its last one is positioned too.
 */
const PART_MS = 4;

const port = parentPort!;
const positioner = createPositioner(workerData as PositionerOptions);

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'store':
      positioner.addStore(message.key, message.site, message.snapshots, message.learnt);
      return;
    case 'site':
      port.postMessage({
        type: 'output',
        batch: message.batch,
        output: positioner.replaceSite(message.key, message.site),
        last: true,
      });
      return;
    case 'scans': {
      const { scans, batch } = message;
      let part = emptyOutput();
      let since = performance.now();
      for (let i = 0; i < scans.length; i++) {
        mergeOutput(part, positioner.position(scans.slice(i, i + 1)));
        if (i < scans.length - 1 && performance.now() - since >= PART_MS) {
          port.postMessage({ type: 'output', batch, output: part, last: false });
          part = emptyOutput();
          since = performance.now();
        }
      }
      port.postMessage({ type: 'output', batch, output: part, last: true });
      return;
    }
    case 'tick':
      port.postMessage({
        type: 'output',
        batch: message.batch,
        output: positioner.tick(message.now, message.snapshotNow),
        last: true,
      });
      return;
  }
});
port.postMessage({ type: 'ready' });
