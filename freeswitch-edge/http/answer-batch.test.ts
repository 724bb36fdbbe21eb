// Proves answers reach the request they answer, however many share a turn; that a busy loop
// batches them to the turn's end and an idle one writes each at once; that a client gone before
// the batch is written costs only its own answer; and that the loop's load is read correctly.
import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerBatch } from './answer-batch';
import { EventLoopLoad, type LoopLoad } from './loop-load';

let server: Server | undefined;
afterEach(() => server?.close());

const failures: unknown[] = [];

const BUSY: LoopLoad = { busy: () => true };
const IDLE: LoopLoad = { busy: () => false };

function start(
  onRequest: (body: string, answer: (document: string) => void, abort: () => void) => void,
  load: LoopLoad = BUSY,
): Promise<number> {
  const batch = new AnswerBatch((response, document) => {
    if (document === 'throw') throw new Error('cannot write this one');
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(document);
  }, (error) => failures.push(error), load);
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => onRequest(body, (document) => batch.add(response, document, 0), () => response.destroy()));
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port)));
}

function post(port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = httpRequest({ port, method: 'POST', agent: false }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(text));
    });
    call.on('error', reject);
    call.end(body);
  });
}

describe('AnswerBatch', () => {
  it.each([
    ['busy', BUSY],
    ['idle', IDLE],
  ])('answers each of 200 concurrent requests with its own document (%s loop)', async (_name, load) => {
    const port = await start((body, answer) => answer(`answer to ${body}`), load);
    const bodies = Array.from({ length: 200 }, (_, i) => `call-${i}`);
    const answers = await Promise.all(bodies.map((body) => post(port, body)));
    expect(answers).toEqual(bodies.map((body) => `answer to ${body}`));
  });

  it('writes at once while the loop is idle and at the end of the turn while it is busy', async () => {
    let busy = false;
    const written: string[] = [];
    const fake = (name: string) => ({ name, destroyed: false }) as unknown as ServerResponse;
    const batch = new AnswerBatch((r) => written.push((r as unknown as { name: string }).name), () => undefined, { busy: () => busy });
    batch.add(fake('idle-1'), '', 0);
    batch.add(fake('idle-2'), '', 0);
    expect(written).toEqual(['idle-1', 'idle-2']);
    busy = true;
    batch.add(fake('busy-1'), '', 0);
    batch.add(fake('busy-2'), '', 0);
    expect(written).toEqual(['idle-1', 'idle-2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual(['idle-1', 'idle-2', 'busy-1', 'busy-2']);
  });

  it('skips a response whose client is gone and still writes the rest', async () => {
    const port = await start((body, answer, abort) => {
      answer(`answer to ${body}`);
      if (body === 'gone') abort();
    });
    const gone = post(port, 'gone').then(() => 'answered', () => 'refused');
    const kept = await Promise.all([post(port, 'a'), post(port, 'b')]);
    expect(kept).toEqual(['answer to a', 'answer to b']);
    expect(await gone).toBe('refused');
  });

  it('reports a write that throws and still writes the others of its turn', async () => {
    const port = await start((body, answer, abort) => {
      answer(body === 'bad' ? 'throw' : `answer to ${body}`);
      if (body === 'bad') setTimeout(abort, 50);
    });
    const bad = post(port, 'bad').then(() => 'answered', () => 'refused');
    expect(await Promise.all([post(port, 'a'), post(port, 'b')])).toEqual(['answer to a', 'answer to b']);
    expect(await bad).toBe('refused');
    expect(failures.map(String)).toEqual(['Error: cannot write this one']);
  });
});

describe('EventLoopLoad', () => {
  it('is busy after a window spent running, idle after a window spent waiting', async () => {
    const load = new EventLoopLoad(0.5, 20);
    const spinUntil = performance.now() + 40;
    while (performance.now() < spinUntil) {
      // the loop is running a callback the whole window
    }
    expect(load.busy(performance.now())).toBe(true);
    // Within the window the answer is kept, not resampled.
    expect(load.busy(performance.now())).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(load.busy(performance.now())).toBe(false);
  });
});
