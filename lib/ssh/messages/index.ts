export * from './codec';
export * from './layout';
export * from './numbers';
export * as specs from './specs';
export { specFor, allSpecs, kexSpecs, transportSpecs } from './specs';
