// Message numbers (RFC 4250 §4.1) and disconnect reason codes (RFC 4253 §11.1).

export const MSG = {
  DISCONNECT: 1,
  IGNORE: 2,
  UNIMPLEMENTED: 3,
  DEBUG: 4,
  SERVICE_REQUEST: 5,
  SERVICE_ACCEPT: 6,
  EXT_INFO: 7,
  KEXINIT: 20,
  NEWKEYS: 21,
  // 30–49 are kex-method specific: the same number means different messages per method.
  KEX_30: 30,
  KEX_31: 31,
  KEX_32: 32,
  KEX_33: 33,
  KEX_34: 34,
  // RFC 4252 §6 and RFC 4256 §5 (60–79 are reused per authentication method).
  USERAUTH_REQUEST: 50,
  USERAUTH_FAILURE: 51,
  USERAUTH_SUCCESS: 52,
  USERAUTH_BANNER: 53,
  USERAUTH_PK_OK: 60,
  USERAUTH_PASSWD_CHANGEREQ: 60,
  USERAUTH_INFO_REQUEST: 60,
  USERAUTH_INFO_RESPONSE: 61,
  // RFC 4254 §9.
  GLOBAL_REQUEST: 80,
  REQUEST_SUCCESS: 81,
  REQUEST_FAILURE: 82,
  CHANNEL_OPEN: 90,
  CHANNEL_OPEN_CONFIRMATION: 91,
  CHANNEL_OPEN_FAILURE: 92,
  CHANNEL_WINDOW_ADJUST: 93,
  CHANNEL_DATA: 94,
  CHANNEL_EXTENDED_DATA: 95,
  CHANNEL_EOF: 96,
  CHANNEL_CLOSE: 97,
  CHANNEL_REQUEST: 98,
  CHANNEL_SUCCESS: 99,
  CHANNEL_FAILURE: 100,
  // OpenSSH PROTOCOL §1.9 (local extension range, RFC 4251 §7).
  PING: 192,
  PONG: 193,
} as const;

export const DISCONNECT = {
  HOST_NOT_ALLOWED_TO_CONNECT: 1,
  PROTOCOL_ERROR: 2,
  KEY_EXCHANGE_FAILED: 3,
  RESERVED: 4,
  MAC_ERROR: 5,
  COMPRESSION_ERROR: 6,
  SERVICE_NOT_AVAILABLE: 7,
  PROTOCOL_VERSION_NOT_SUPPORTED: 8,
  HOST_KEY_NOT_VERIFIABLE: 9,
  CONNECTION_LOST: 10,
  BY_APPLICATION: 11,
  TOO_MANY_CONNECTIONS: 12,
  AUTH_CANCELLED_BY_USER: 13,
  NO_MORE_AUTH_METHODS_AVAILABLE: 14,
  ILLEGAL_USER_NAME: 15,
} as const;

const reasonNames = new Map<number, string>(
  Object.entries(DISCONNECT).map(([k, v]) => [v, `SSH_DISCONNECT_${k}`]),
);

export function disconnectReasonName(code: number): string {
  return reasonNames.get(code) ?? `unknown reason ${code}`;
}

/** Names of the messages whose number does not depend on the kex method. */
const fixedNames: Record<number, string> = {
  1: 'SSH_MSG_DISCONNECT',
  2: 'SSH_MSG_IGNORE',
  3: 'SSH_MSG_UNIMPLEMENTED',
  4: 'SSH_MSG_DEBUG',
  5: 'SSH_MSG_SERVICE_REQUEST',
  6: 'SSH_MSG_SERVICE_ACCEPT',
  7: 'SSH_MSG_EXT_INFO',
  20: 'SSH_MSG_KEXINIT',
  21: 'SSH_MSG_NEWKEYS',
  50: 'SSH_MSG_USERAUTH_REQUEST',
  51: 'SSH_MSG_USERAUTH_FAILURE',
  52: 'SSH_MSG_USERAUTH_SUCCESS',
  53: 'SSH_MSG_USERAUTH_BANNER',
  80: 'SSH_MSG_GLOBAL_REQUEST',
  81: 'SSH_MSG_REQUEST_SUCCESS',
  82: 'SSH_MSG_REQUEST_FAILURE',
  90: 'SSH_MSG_CHANNEL_OPEN',
};

export function fixedMessageName(n: number): string | undefined {
  return fixedNames[n];
}
