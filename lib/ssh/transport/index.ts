export * from './config';
export * from './engine';
export * from './events';
export * from './negotiate';
export * from './state';
