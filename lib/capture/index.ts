// lib/capture: pcap/pcapng → TCP streams → an observer's recording. Browser-safe: no Node built-ins.

export { CaptureError, type CaptureProblem } from './error';
export {
  captureToRecording,
  importCapture,
  listSshStreams,
  openCapture,
  DEFAULT_MAX_RECORDING_BYTES,
  SECRETS_TYPE_SSH,
  type CaptureImport,
  type CaptureImportOptions,
  type CaptureFile,
  type CaptureSummary,
  type SshStream,
  type SshStreamSide,
} from './streams';
export type { Gap } from './reassembly';
export type { ClientEvidence, Endpoint } from './connections';
export { readCapture } from './read';
export type { CapturedPacket, CaptureReadResult, CaptureSecrets } from './packet';
export { LINKTYPE, SUPPORTED_LINK_TYPES, linkTypeName } from './link';
