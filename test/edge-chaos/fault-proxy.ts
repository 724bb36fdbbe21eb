/**
 * A fault-injecting HTTP proxy in front of the cloud, for the edge chaos test. A share of the
 * requests fails with 503: half without reaching the cloud, half AFTER the cloud accepted them
 * (the answer is lost on the way back — the edge must re-send, and the cloud must not charge
 * twice). `goAway()` closes the listening socket and every open connection, so the edge's next
 * attempts are refused at the TCP level until `comeBack()` listens on the same port again.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultCounts {
  forwarded: number;
  /** 503 without forwarding. */
  refused: number;
  /** Forwarded, the cloud answered, the edge got a 503 instead. */
  answerLost: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly counts: FaultCounts;
  /** Share (0..1) of requests answered 503; half of those after the cloud accepted them. */
  failureShare: number;
  goAway(): Promise<void>;
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startFaultProxy(target: string, random: () => number): Promise<FaultProxy> {
  const counts: FaultCounts = { forwarded: 0, refused: 0, answerLost: 0 };
  const proxy = { failureShare: 0 };
  const server = createServer((request, response) => {
    relay(target, request, response, proxy.failureShare, random, counts).catch(() => {
      if (!response.headersSent) response.writeHead(502).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let away = false;
  const stopListening = async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
  };
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    counts,
    async goAway() {
      if (away) return;
      away = true;
      await stopListening();
    },
    async comeBack() {
      if (!away) return;
      away = false;
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    async close() {
      if (!away) await stopListening();
      away = true;
    },
  });
}

async function relay(
  target: string,
  request: IncomingMessage,
  response: ServerResponse,
  failureShare: number,
  random: () => number,
  counts: FaultCounts,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const roll = random();
  if (roll < failureShare / 2) {
    counts.refused += 1;
    return void response.writeHead(503, { 'content-type': 'text/plain' }).end('injected 503\n');
  }
  const headers = Object.entries(request.headers).flatMap(([name, value]) =>
    HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
  );
  const method = request.method ?? 'GET';
  const upstream = await fetch(`${target}${request.url ?? '/'}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
  const body = Buffer.from(await upstream.arrayBuffer());
  counts.forwarded += 1;
  if (roll < failureShare) {
    counts.answerLost += 1;
    return void response.writeHead(503, { 'content-type': 'text/plain' }).end('injected 503 after the cloud answered\n');
  }
  const passed: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') passed[name] = value;
  });
  response.writeHead(upstream.status, passed).end(body);
}
