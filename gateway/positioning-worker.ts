/**
 * A positioning worker thread: the positioner behind a message port. The gateway's main thread
 * receives, checks and batches; the maths runs here, off the message loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPositioner, type PositionerOptions } from './positioner.js';
import type { ToWorker } from './workers.js';

const port = parentPort!;
const positioner = createPositioner(workerData as PositionerOptions);

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'store':
      positioner.addStore(message.key, message.site, message.snapshots);
      return;
    case 'scans':
      port.postMessage({ type: 'output', batch: message.batch, output: positioner.position(message.scans) });
      return;
    case 'tick':
      port.postMessage({
        type: 'output',
        batch: message.batch,
        output: positioner.tick(message.now, message.snapshotNow),
      });
      return;
  }
});
port.postMessage({ type: 'ready' });
