/**
 * Entry point for mod_xml_curl requests: the POST body (or GET query string) decoded and
 * dispatched on `section`. Sections other than dialplan and directory (configuration,
 * phrases, languages) come back as `other` with their fields, so a caller can answer
 * "not found" without guessing.
 */
import { dialplanRequestFromFields, type DialplanRequest } from './dialplan-request';
import { directoryRequestFromFields, type DirectoryRequest } from './directory-request';
import { decodeFormBody, firstField, type FormField } from './form-body';
import { checkDocumentSize, clip, fsFail, fsOk, type FsResult } from './result';

export interface OtherXmlCurlRequest {
  readonly section: 'other';
  readonly sectionName: string;
  readonly fields: readonly FormField[];
}

export type XmlCurlRequest = DialplanRequest | DirectoryRequest | OtherXmlCurlRequest;

export function parseXmlCurlRequest(body: string): FsResult<XmlCurlRequest> {
  const sizeError = checkDocumentSize(body);
  if (sizeError !== null) return sizeError;
  return xmlCurlRequestFromFields(decodeFormBody(body));
}

/** Also used for the serialized (`Name: value`) form, which has no five-field prefix. */
export function xmlCurlRequestFromFields(fields: readonly FormField[]): FsResult<XmlCurlRequest> {
  const section = firstField(fields, 'section') ?? inferSection(fields);
  if (section === null) {
    return fsFail('not_an_xml_curl_request', 'the body has no section field and no REQUEST_PARAMS');
  }
  if (section === 'dialplan') return dialplanRequestFromFields(fields);
  if (section === 'directory') return directoryRequestFromFields(fields);
  return fsOk({ section: 'other', sectionName: clip(section, 64), fields });
}

// A serialized event has no `section`; its calling function says which lookup it was.
function inferSection(fields: readonly FormField[]): string | null {
  const caller = firstField(fields, 'Event-Calling-Function');
  if (caller === 'dialplan_xml_locate') return 'dialplan';
  if (caller === 'sofia_reg_parse_auth') return 'directory';
  return null;
}
