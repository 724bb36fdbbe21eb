/**
 * A tiny node:http backend for emulator tests: records every request (method, URL, headers,
 * body) and answers with whatever the test's handler returns, optionally after a delay (to
 * trip the emulator's timeouts) — a stand-in for the edge agent or a CDR collector.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly body?: string;
  readonly delayMs?: number;
}

export interface TestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startTestServer(
  handler: (request: RecordedRequest, index: number) => Reply,
): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const reply = handler(request, requests.length - 1);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'Content-Type': 'text/xml' });
        res.end(reply.body ?? '');
      };
      if (reply.delayMs === undefined) send();
      else setTimeout(send, reply.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A dialplan answer with one extension whose actions are `[application, data]` pairs. */
export function dialplanDocument(
  context: string,
  actions: readonly (readonly [string, string])[],
): string {
  const lines = actions.map(
    ([app, data]) => `        <action application="${app}" data="${escapeXml(data)}"/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<document type="freeswitch/xml">
  <section name="dialplan" description="Tollgate">
    <context name="${context}">
      <extension name="tollgate">
        <condition field="destination_number" expression="^(\\d+)$">
${lines.join('\n')}
        </condition>
      </extension>
    </context>
  </section>
</document>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
