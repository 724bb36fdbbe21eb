/**
 * A switchable HTTP forwarder for the multi-edge test: `open` passes requests to `target`,
 * `cut` resets every connection (the cloud unreachable: no answer at all), `held` parks requests
 * until the gate opens again (FreeSWITCH's CDR posts waiting while their edge is down).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type GateMode = 'open' | 'cut' | 'held';

export class Gate {
  mode: GateMode = 'open';
  /** Where the gate listens, once started. */
  url = '';
  private readonly parked: (() => void)[] = [];
  private server: Server | null = null;

  constructor(public target: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  parkedCount(): number {
    return this.parked.length;
  }

  set(mode: GateMode): void {
    this.mode = mode;
    if (mode === 'open') for (const release of this.parked.splice(0)) release();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.mode === 'cut') return void req.socket.destroy();
    if (this.mode === 'held') return void this.parked.push(() => this.handle(req, res));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (this.mode === 'cut') return void req.socket.destroy();
      this.forward(req, Buffer.concat(chunks), res);
    });
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.target);
    const headers = { ...req.headers, host: url.host, 'content-length': String(body.length) };
    const outgoing = httpRequest(url, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    outgoing.on('error', () => {
      if (!res.headersSent) res.writeHead(503).end();
    });
    outgoing.end(body);
  }
}
