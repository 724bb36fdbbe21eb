/** FreeSWITCH in core: request and CDR parsers, the channel-variable contract, the CDR type. */
export * from './account-identification';
export * from './cdr-envelope';
export * from './channel-variables';
export * from './dialplan-request';
export * from './directory-request';
export * from './form-body';
export * from './json-cdr';
export * from './normalized-cdr';
export * from './normalize-cdr';
export * from './parse-cdr';
export * from './cdr-file';
export * from './percent';
export * from './raw-cdr';
export * from './result';
export * from './serialized-event';
export * from './xml-cdr';
export * from './xml-curl-request';
