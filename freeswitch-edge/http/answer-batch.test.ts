// Proves batched answers reach the request they answer, however many share a turn, and that a
// client gone before the batch is written costs only its own answer.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerBatch } from './answer-batch';

let server: Server | undefined;
afterEach(() => server?.close());

const failures: unknown[] = [];

function start(onRequest: (body: string, answer: (document: string) => void, abort: () => void) => void): Promise<number> {
  const batch = new AnswerBatch((response, document) => {
    if (document === 'throw') throw new Error('cannot write this one');
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(document);
  }, (error) => failures.push(error));
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
  it('answers each of 200 concurrent requests with its own document', async () => {
    const port = await start((body, answer) => answer(`answer to ${body}`));
    const bodies = Array.from({ length: 200 }, (_, i) => `call-${i}`);
    const answers = await Promise.all(bodies.map((body) => post(port, body)));
    expect(answers).toEqual(bodies.map((body) => `answer to ${body}`));
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
