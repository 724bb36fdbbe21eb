/**
 * mod_xml_curl + `switch_xml_locate` toward real HTTP backends. Each binding for the section is
 * tried in order; only HTTP 200 with a parseable document that is not "not found" counts. An
 * error status, a transport failure or a timeout (`httpRes=0`), an oversized or unparseable body
 * and "not found" all move on to the next binding; when none answers, the static XML
 * configuration is used (fail-open when it has a context of the same name).
 */
import { isNotFound, parseFreeswitchDocument, type XmlNode } from './xml-document';

export interface XmlCurlBinding {
  readonly gatewayUrl: string;
  /** The `bindings="dialplan|directory"` attribute; absent means every section. */
  readonly sections?: readonly string[];
  /** `timeout`: CURLOPT_TIMEOUT in seconds for the whole transfer; 0 = none (the default). */
  readonly timeoutSeconds?: number;
  /** `method`: POST by default; anything else appends the body as a query string. */
  readonly method?: 'post' | 'get';
  /** `response-max-bytes`, default 1 MiB. */
  readonly responseMaxBytes?: number;
  /** `gateway-credentials` user:pass with basic auth. */
  readonly credentials?: string;
}

export type AttemptOutcome = 'document' | 'http_error' | 'parse_error' | 'not_found' | 'oversized';

export interface BindingAttempt {
  readonly url: string;
  /** HTTP status, or 0 for a transport failure or timeout, as FreeSWITCH logs it. */
  readonly status: number;
  readonly outcome: AttemptOutcome;
  /** The line FreeSWITCH would log, if any. */
  readonly log: string | null;
}

export interface LocateResult {
  readonly document: XmlNode | null;
  readonly source: 'binding' | 'static';
  readonly attempts: BindingAttempt[];
}

export interface LocateOptions {
  /** Real milliseconds per FreeSWITCH second, so tests can shrink timeouts. */
  readonly msPerSecond: number;
  readonly staticXml: string | null;
}

export async function locate(
  bindings: readonly XmlCurlBinding[],
  section: string,
  body: string,
  options: LocateOptions,
): Promise<LocateResult> {
  const attempts: BindingAttempt[] = [];
  for (const binding of bindings) {
    if (binding.sections !== undefined && !binding.sections.includes(section)) continue;
    const { attempt, document } = await tryBinding(binding, body, options);
    attempts.push(attempt);
    if (document !== null) return { document, source: 'binding', attempts };
  }
  const fallback = options.staticXml === null ? null : parseFreeswitchDocument(options.staticXml);
  return { document: fallback, source: 'static', attempts };
}

async function tryBinding(
  binding: XmlCurlBinding,
  body: string,
  options: LocateOptions,
): Promise<{ attempt: BindingAttempt; document: XmlNode | null }> {
  const url = binding.gatewayUrl;
  const fetched = await fetchText(binding, body, options.msPerSecond);
  if (fetched.status !== 200) {
    const log =
      `[ERR] mod_xml_curl.c Received HTTP error ${fetched.status} trying to fetch ${url}\n` +
      `data: [${body}]`;
    return { attempt: { url, status: fetched.status, outcome: 'http_error', log }, document: null };
  }
  if (fetched.text.length > (binding.responseMaxBytes ?? 1_048_576)) {
    return {
      attempt: { url, status: 200, outcome: 'oversized', log: '[ERR] Oversized file detected' },
      document: null,
    };
  }
  const document = parseFreeswitchDocument(fetched.text);
  if (document === null) {
    return {
      attempt: { url, status: 200, outcome: 'parse_error', log: '[ERR] Error Parsing Result!' },
      document: null,
    };
  }
  if (isNotFound(document))
    return { attempt: { url, status: 200, outcome: 'not_found', log: null }, document: null };
  return { attempt: { url, status: 200, outcome: 'document', log: null }, document };
}

async function fetchText(
  binding: XmlCurlBinding,
  body: string,
  msPerSecond: number,
): Promise<{ status: number; text: string }> {
  const post = (binding.method ?? 'post') === 'post';
  const url = post
    ? binding.gatewayUrl
    : `${binding.gatewayUrl}${binding.gatewayUrl.includes('?') ? '&' : '?'}${body}`;
  const headers: Record<string, string> = { 'User-Agent': 'freeswitch-xml/1.0' };
  if (post) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  if (binding.credentials !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(binding.credentials).toString('base64')}`;
  }
  const timeoutMs = (binding.timeoutSeconds ?? 0) * msPerSecond;
  try {
    const response = await fetch(url, {
      method: post ? 'POST' : 'GET',
      headers,
      body: post ? body : undefined,
      redirect: 'follow',
      signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    return { status: response.status, text: await response.text() };
  } catch {
    return { status: 0, text: '' };
  }
}
