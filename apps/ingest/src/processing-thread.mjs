// Worker entry of the processing thread: the TypeScript loader for this thread (the process's own
// `--import tsx` does not reach worker threads), then processing-thread.ts.
import { register } from "tsx/esm/api";

register();
await import(new URL("./processing-thread.ts", import.meta.url).href);
