// Bootstrap of a positioning worker thread: registers tsx in this thread, then loads the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./positioning-worker.ts');
