// The worker thread of readme-thread.ts. The sources are TypeScript, run through tsx as everywhere
// else; a worker does not inherit the hooks its parent registered, so it registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./readme-worker.ts');
