// What the file readers (pcap.ts, pcapng.ts) hand on: one captured frame, not yet decoded.

export interface CapturedPacket {
  /** 1-based, counting every packet record or block in the file, as Wireshark numbers frames. */
  number: number;
  /** Byte offset in the file of the record or block that holds the packet. */
  fileOffset: number;
  /** Byte offset in the file of the frame's first captured byte. */
  dataOffset: number;
  /** LINKTYPE_* value of the interface the packet was captured on. */
  linkType: number;
  /** Capture time in milliseconds since 1970-01-01 UTC (fractions keep µs, and ns to about 0.25 µs). */
  t: number;
  /** The captured bytes: a view into the file, never a copy. */
  data: Uint8Array;
  /** The frame's length on the wire; more than data.length when the snap length cut it. */
  originalLength: number;
}

/** A Decryption Secrets Block of a pcapng file (secrets_type, e.g. SSH key log 0x5353484b). */
export interface CaptureSecrets {
  type: number;
  data: Uint8Array;
  fileOffset: number;
}

export interface CaptureReadResult {
  format: 'pcap' | 'pcapng';
  packets: number;
  secrets: CaptureSecrets[];
  /** Things skipped or odd but not fatal, each naming where (bounded: see MAX_WARNINGS). */
  warnings: string[];
}

export type PacketSink = (p: CapturedPacket) => void;

/** Keeps a hostile file's warnings from growing without bound. */
export const MAX_WARNINGS = 100;

export function warn(list: string[], text: string): void {
  if (list.length < MAX_WARNINGS) list.push(text);
  else if (list.length === MAX_WARNINGS) list.push('… more warnings left out');
}

/**
 * Largest frame we accept: Wireshark's own limit for ordinary link types (262144 bytes).
 * A record claiming more is a damaged or hostile file, not a big packet.
 */
export const MAX_FRAME = 262_144;
