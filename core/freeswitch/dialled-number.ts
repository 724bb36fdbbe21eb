/**
 * The dialled number as FreeSWITCH reports it is the Request-URI's user part, and a user part
 * may carry parameters after a `;` — a carrier's number-portability dip
 * (`+15551234567;npdi;rn=+15559990000`, RFC 4694) or a PBX's `;phone-context=…` (RFC 3966).
 * They are not digits of the number: the number is what comes before the first `;`. One rule
 * for the edge's dialplan requests and the cloud's CDRs, so both price the same number.
 */
export function dialledNumberOf(userPart: string): string {
  const parameters = userPart.indexOf(';');
  return parameters === -1 ? userPart : userPart.slice(0, parameters);
}
