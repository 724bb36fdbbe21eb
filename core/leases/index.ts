/** The credit-lease model's public surface (docs/leases.md): CLOUD and EDGE import from here. */
export * from './lease';
export * from './defaults';
export * from './conversion';
export * from './grant';
export * from './settle';
export * from './transitions';
export * from './sizing';
export * from './purse';
export * from './call-charges';
