export * from './bytes';
export * from './errors';
export * from './field';
export * from './reader';
export * from './writer';
