export * from './codec';
export * from './layout';
export * from './numbers';
export * as specs from './specs';
export {
  specFor,
  allSpecs,
  kexSpecs,
  transportSpecs,
  higherLayerSpecs,
  methodSpecs,
  isAuthMethodNumber,
  authMethodCandidates,
  type DecodeContext,
} from './specs';
export * as userauth from './userauthSpecs';
export * as connection from './connectionSpecs';
