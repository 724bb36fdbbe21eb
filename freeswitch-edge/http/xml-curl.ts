/**
 * `POST /freeswitch/xml`: mod_xml_curl's dialplan and directory lookups. Dialplan requests are
 * always answered with a dialplan (a refusal when nothing better can be said); everything else
 * the edge does not serve gets "not found", which the shipped config makes safe.
 */
import { parseXmlCurlRequest } from '../../core/freeswitch/xml-curl-request';
import type { DirectoryRequest } from '../../core/freeswitch/directory-request';
import { readCallRequest, type CallRequest } from './call-fields';
import { FALLBACK_CONTEXT, NOT_FOUND_DOCUMENT, refusalDocument } from './dialplan-document';

/** What answers calls and SIP auth: the snapshot-backed authorizer (a stand-in until synced). */
export interface XmlCurlAnswerer {
  /** A promise only when the call waits for money (a lease being granted), never otherwise. */
  dialplan(request: CallRequest): string | Promise<string>;
  directory(request: DirectoryRequest): string;
}

/** Before the first snapshot: refuse every call (`no_snapshot`), know no SIP user. */
export const UNSYNCED_ANSWERER: XmlCurlAnswerer = {
  dialplan: (request) => refusalDocument(request.context, 'no_snapshot'),
  directory: () => NOT_FOUND_DOCUMENT,
};

export function answerXmlCurl(
  body: string,
  answerer: XmlCurlAnswerer,
  log: (event: string, fields: Record<string, unknown>) => void,
): string | Promise<string> {
  const call = readCallRequest(body);
  if (call !== null) return answerer.dialplan(call);
  const parsed = parseXmlCurlRequest(body);
  if (!parsed.ok) {
    log('xml_curl_unreadable', { code: parsed.code, message: parsed.message, bytes: body.length });
    // Unreadable directory lookups miss; anything else might be a call: refuse it explicitly.
    // The first `section` is mod_xml_curl's own (its prefix), as the parser reads it.
    if (/(?:^|&)section=([^&]*)/.exec(body)?.[1] === 'directory') return NOT_FOUND_DOCUMENT;
    return refusalDocument(FALLBACK_CONTEXT, 'no_snapshot');
  }
  const request = parsed.value;
  if (request.section === 'dialplan') return answerer.dialplan(request);
  if (request.section === 'directory') return answerer.directory(request);
  return NOT_FOUND_DOCUMENT;
}
