/**
 * The edge's HTTP server, on loopback beside FreeSWITCH:
 *   POST /freeswitch/xml  mod_xml_curl dialplan and directory lookups (GET too: the form as
 *                         body or query, for a binding whose `method` is GET)
 *   POST /freeswitch/cdr  mod_json_cdr / mod_xml_cdr posts (spooled with fsync before the 200)
 *   GET  /health          snapshot, cloud and spool state
 * Never a crash on a bad request: every handler answers, and an unexpected error is a logged 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LeaseHealth } from '../leases/manager';
import { receiveCdr, type EndedCall } from '../spool/receive-cdr';
import type { CdrSpool } from '../spool/spool';
import { AnswerBatch } from './answer-batch';
import type { AnswerTimes, AnswerTimesSummary } from './answer-times';
import { collectBody, readBody } from './body';
import { answerXmlCurl, type XmlCurlAnswerer } from './xml-curl';

export interface EdgeHealth {
  readonly snapshotVersion: string | null;
  readonly snapshotAgeMs: number | null;
  readonly cloudReachable: boolean;
  readonly spoolDepth: number;
  readonly spoolHealth: string;
  readonly spoolUnsentBytes: number;
  readonly oldestUnsentAgeMs: number | null;
  readonly lastSuccessfulSendAtEpochMs: number | null;
  /** Credit leases held by this edge, by state, and the calls holding money on them. */
  readonly leases?: LeaseHealth;
  /** Arrival to write of the recent dialplan answers (null before the first). */
  readonly answerTimes?: AnswerTimesSummary | null;
}

export interface EdgeServerDeps {
  readonly spool: CdrSpool;
  readonly answerer: () => XmlCurlAnswerer;
  readonly health: () => EdgeHealth;
  readonly clock: () => number;
  readonly maxRequestBytes: number;
  /** Where each dialplan answer's time in the edge is recorded (`/health` reports it). */
  readonly answerTimes?: AnswerTimes;
  /** Called with the A-legs of each CDR post (their channels and lease holds are released). */
  readonly onCallsEnded?: (calls: readonly EndedCall[]) => void;
  readonly log: (event: string, fields: Record<string, unknown>) => void;
}

export function createEdgeServer(deps: EdgeServerDeps): Server {
  const answered = (response: ServerResponse, document: string, startedAtMs: number): void => {
    send(response, 200, 'text/xml', document);
    deps.answerTimes?.record((performance.now() - startedAtMs) * 1000);
  };
  const answers = new AnswerBatch(answered, (error) =>
    deps.log('edge_request_failed', { url: XML_PATH, error: String(error) }),
  );
  const server = createServer((request, response) => {
    const fail = (error: unknown): void => {
      deps.log('edge_request_failed', { url: request.url, error: String(error) });
      if (!response.headersSent) send(response, 500, 'text/plain', 'internal error\n');
    };
    try {
      const path = pathOf(request.url);
      // Calls take the synchronous path: no promise between the last chunk and the answer.
      // GET too: a binding with mod_xml_curl's `method` set to GET sends the same form.
      if ((request.method === 'POST' || request.method === 'GET') && path === XML_PATH) {
        answerCall(request, response, { deps, answers, answered, fail });
      } else route(request, response, path, deps).catch(fail);
    } catch (error) {
      fail(error);
    }
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

const XML_PATH = '/freeswitch/xml';

/** The URL's path without its query (mod_xml_curl may be configured with one). */
function pathOf(url: string | undefined): string {
  return url === undefined ? '/' : url.slice(0, queryStart(url));
}

/** Where the URL's query begins (its `?`), or its length when it has none. */
function queryStart(url: string): number {
  const mark = url.indexOf('?');
  return mark === -1 ? url.length : mark;
}

interface CallAnswering {
  readonly deps: EdgeServerDeps;
  readonly answers: AnswerBatch;
  readonly answered: (response: ServerResponse, document: string, startedAtMs: number) => void;
  readonly fail: (error: unknown) => void;
}

function answerCall(request: IncomingMessage, response: ServerResponse, calls: CallAnswering): void {
  const { deps, answers, answered, fail } = calls;
  const startedAtMs = performance.now();
  collectBody(request, deps.maxRequestBytes, (body) => {
    try {
      if (!body.ok) return send(response, 413, 'text/plain', `${body.reason}\n`);
      const answer = answerXmlCurl(formOf(body.text, request.url), deps.answerer(), deps.log);
      if (typeof answer === 'string') return answers.add(response, answer, startedAtMs);
      // A call waiting for money (a lease being granted): its time includes the wait.
      answer.then((document) => answered(response, document, startedAtMs), fail);
    } catch (error) {
      fail(error);
    }
  });
}

/** The request's form: its body, or for a request without one its URL's query string. */
function formOf(body: string, url: string | undefined): string {
  return body !== '' || url === undefined ? body : url.slice(queryStart(url) + 1);
}

/** Everything but dialplan and directory lookups: `/health` and FreeSWITCH's CDR posts. */
async function route(request: IncomingMessage, response: ServerResponse, path: string, deps: EdgeServerDeps): Promise<void> {
  if (request.method === 'GET' && path === '/health') {
    return send(response, 200, 'application/json', JSON.stringify(deps.health()));
  }
  if (request.method !== 'POST' || path !== '/freeswitch/cdr') {
    return send(response, 404, 'text/plain', 'not found\n');
  }
  const body = await readBody(request, deps.maxRequestBytes);
  if (!body.ok) return send(response, 413, 'text/plain', `${body.reason}\n`);
  const receipt = await receiveCdr(deps.spool, body.text, 'http', deps.clock());
  if (receipt.aLegs.length > 0) deps.onCallsEnded?.(receipt.aLegs);
  if (receipt.status !== 200) deps.log('cdr_not_spooled', { reason: receipt.reason });
  else if (!receipt.parsed) deps.log('cdr_unparsed_spooled_raw', { reason: receipt.reason });
  return send(response, receipt.status, 'text/plain', receipt.status === 200 ? 'ok\n' : 'spool unavailable\n');
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
