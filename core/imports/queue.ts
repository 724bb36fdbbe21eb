/**
 * The import queue port: the API enqueues an import and answers at once; a worker runs it.
 * SQS + the `import-deck` function in the cloud, an in-process queue locally.
 */
export interface ImportQueue {
  enqueue(importId: string): Promise<void>;
}
