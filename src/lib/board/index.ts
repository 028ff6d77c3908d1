/** The board model, shared by the browser and the server. It imports nothing from server/. */
export * from './status';
export * from './schema';
export * from './order';
export * from './numbering';
export * from './items';
export * from './meta';
export * from './permissions';
export * from './public';
export * from './metrics';
export * from './areas';
export * from './periods';
export * from './progress';
export * from './summary';
export * from './filters';
