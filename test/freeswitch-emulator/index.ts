/** The FreeSWITCH emulator: a test tool that meets an HTTP backend the way FreeSWITCH does. */
export * from './bridge';
export * from './causes';
export * from './cdr-documents';
export * from './cdr-legs';
export * from './dial-string';
export * from './digest';
export * from './emulator';
export * from './json-cdr-poster';
export * from './outcome';
export * from './request-body';
export * from './sip-channel';
export * from './url-encode';
export * from './xml-curl-client';
