// The layout tables of the connection protocol (RFC 4254) and OpenSSH's transport-level ping
// (OpenSSH PROTOCOL §1.9 at the tag the refs are pinned to).

import type { FieldSpec, Layout, MessageSpec } from './layout';

const C = 'RFC 4254';

const recipient: FieldSpec = { name: 'recipient_channel', type: 'uint32', doc: "The channel number the receiver of this message gave the channel (its own 'sender channel')." };
const sender: FieldSpec = { name: 'sender_channel', type: 'uint32', doc: 'The number the sender of this message uses for the channel.' };
const window: FieldSpec = { name: 'initial_window_size', type: 'uint32', doc: 'How many bytes of channel data the sender of this message can receive before it must adjust the window.' };
const maxPacket: FieldSpec = { name: 'maximum_packet_size', type: 'uint32', doc: 'The largest data packet the sender of this message accepts on this channel.' };
const wantReply: FieldSpec = { name: 'want_reply', type: 'boolean', doc: 'TRUE: the receiver answers with SUCCESS or FAILURE.' };
const language: FieldSpec = { name: 'language_tag', type: 'text', doc: 'RFC 3066 language tag, usually empty.' };
const at = (f: FieldSpec, ref: string): FieldSpec => ({ ...f, ref });

// ------------------------------------------------------------------ global requests (§4, §7.1)

const forward: Layout = {
  fields: [
    { name: 'address_to_bind', type: 'text', ref: `${C} §7.1`, doc: 'Where the server should listen: "" (all), "0.0.0.0", "::", "localhost" or an address.' },
    { name: 'port_to_bind', type: 'uint32', ref: `${C} §7.1`, doc: 'The port to listen on; 0 asks the server to pick one and say which in REQUEST_SUCCESS.' },
  ],
};

export const GLOBAL_REQUEST: MessageSpec = {
  number: 80,
  name: 'SSH_MSG_GLOBAL_REQUEST',
  ref: `${C} §4`,
  fields: [
    { name: 'request_name', type: 'text', ref: `${C} §4`, doc: 'What is asked, e.g. "tcpip-forward", or a name@domain extension such as "hostkeys-00@openssh.com".' },
    at(wantReply, `${C} §4`),
  ],
  tail: {
    on: 'request_name',
    cases: { 'tcpip-forward': forward, 'cancel-tcpip-forward': forward },
    otherwise: { fields: [{ name: 'request-specific data', type: 'rest', ref: `${C} §4`, doc: 'Data whose format the request name defines, left as bytes.' }] },
  },
};

export const REQUEST_SUCCESS: MessageSpec = {
  number: 81,
  name: 'SSH_MSG_REQUEST_SUCCESS',
  ref: `${C} §4`,
  fields: [
    {
      name: 'response-specific data',
      type: 'rest',
      ref: `${C} §4`,
      doc: 'Usually empty; after a tcpip-forward for port 0, the uint32 port the server bound (RFC 4254 §7.1).',
    },
  ],
};

export const REQUEST_FAILURE: MessageSpec = { number: 82, name: 'SSH_MSG_REQUEST_FAILURE', ref: `${C} §4`, fields: [] };

// ------------------------------------------------------------------ channels (§5)

const originator = (ref: string): FieldSpec[] => [
  { name: 'originator_address', type: 'text', ref, doc: 'The address the connection came from.' },
  { name: 'originator_port', type: 'uint32', ref, doc: 'The port the connection came from.' },
];

export const CHANNEL_OPEN: MessageSpec = {
  number: 90,
  name: 'SSH_MSG_CHANNEL_OPEN',
  ref: `${C} §5.1`,
  fields: [
    { name: 'channel_type', type: 'text', ref: `${C} §5.1`, doc: 'What the channel is for: "session", "x11", "forwarded-tcpip", "direct-tcpip"…' },
    at(sender, `${C} §5.1`),
    at(window, `${C} §5.1`),
    at(maxPacket, `${C} §5.1`),
  ],
  tail: {
    on: 'channel_type',
    cases: {
      session: { fields: [] },
      x11: { fields: originator(`${C} §6.3.2`) },
      'forwarded-tcpip': {
        fields: [
          { name: 'address_that_was_connected', type: 'text', ref: `${C} §7.2`, doc: 'The listening address the connection arrived at (as in the tcpip-forward request).' },
          { name: 'port_that_was_connected', type: 'uint32', ref: `${C} §7.2`, doc: 'The listening port the connection arrived at.' },
          ...originator(`${C} §7.2`),
        ],
      },
      'direct-tcpip': {
        fields: [
          { name: 'host_to_connect', type: 'text', ref: `${C} §7.2`, doc: 'Where the server should connect to, a host name or address.' },
          { name: 'port_to_connect', type: 'uint32', ref: `${C} §7.2`, doc: 'The port the server should connect to.' },
          ...originator(`${C} §7.2`),
        ],
      },
    },
    otherwise: { fields: [{ name: 'channel type specific data', type: 'rest', ref: `${C} §5.1`, doc: 'Data whose format the channel type defines, left as bytes.' }] },
  },
};

export const CHANNEL_OPEN_CONFIRMATION: MessageSpec = {
  number: 91,
  name: 'SSH_MSG_CHANNEL_OPEN_CONFIRMATION',
  ref: `${C} §5.1`,
  fields: [
    at(recipient, `${C} §5.1`),
    at(sender, `${C} §5.1`),
    at(window, `${C} §5.1`),
    at(maxPacket, `${C} §5.1`),
    { name: 'channel type specific data', type: 'rest', ref: `${C} §5.1`, doc: 'Data whose format the channel type defines; empty for the standard types.' },
  ],
};

/** RFC 4254 §5.1; the names are the registry's (RFC 4250 §4.3). */
export const OPEN_FAILURE_REASONS: Record<number, string> = {
  1: 'SSH_OPEN_ADMINISTRATIVELY_PROHIBITED',
  2: 'SSH_OPEN_CONNECT_FAILED',
  3: 'SSH_OPEN_UNKNOWN_CHANNEL_TYPE',
  4: 'SSH_OPEN_RESOURCE_SHORTAGE',
};

export const CHANNEL_OPEN_FAILURE: MessageSpec = {
  number: 92,
  name: 'SSH_MSG_CHANNEL_OPEN_FAILURE',
  ref: `${C} §5.1`,
  fields: [
    at(recipient, `${C} §5.1`),
    { name: 'reason_code', type: 'uint32', ref: `${C} §5.1`, names: OPEN_FAILURE_REASONS, doc: 'Why the channel could not be opened (SSH_OPEN_*).' },
    { name: 'description', type: 'text', ref: `${C} §5.1`, doc: 'Human-readable reason, UTF-8.' },
    at(language, `${C} §5.1`),
  ],
};

export const CHANNEL_WINDOW_ADJUST: MessageSpec = {
  number: 93,
  name: 'SSH_MSG_CHANNEL_WINDOW_ADJUST',
  ref: `${C} §5.2`,
  fields: [at(recipient, `${C} §5.2`), { name: 'bytes_to_add', type: 'uint32', ref: `${C} §5.2`, doc: 'How many more bytes the sender of this message is ready to receive.' }],
};

export const CHANNEL_DATA: MessageSpec = {
  number: 94,
  name: 'SSH_MSG_CHANNEL_DATA',
  ref: `${C} §5.2`,
  fields: [at(recipient, `${C} §5.2`), { name: 'data', type: 'string', ref: `${C} §5.2`, doc: 'Bytes of the channel: what a program wrote or a user typed. They count against the window.' }],
};

/** RFC 4254 §5.2; the registry has one code (RFC 4250 §4.4). */
export const EXTENDED_DATA_TYPES: Record<number, string> = { 1: 'SSH_EXTENDED_DATA_STDERR' };

export const CHANNEL_EXTENDED_DATA: MessageSpec = {
  number: 95,
  name: 'SSH_MSG_CHANNEL_EXTENDED_DATA',
  ref: `${C} §5.2`,
  fields: [
    at(recipient, `${C} §5.2`),
    { name: 'data_type_code', type: 'uint32', ref: `${C} §5.2`, names: EXTENDED_DATA_TYPES, doc: 'Which side stream this is: 1 is stderr.' },
    { name: 'data', type: 'string', ref: `${C} §5.2`, doc: 'Bytes of the side stream, counted against the same window as ordinary data.' },
  ],
};

export const CHANNEL_EOF: MessageSpec = { number: 96, name: 'SSH_MSG_CHANNEL_EOF', ref: `${C} §5.3`, fields: [at(recipient, `${C} §5.3`)] };
export const CHANNEL_CLOSE: MessageSpec = { number: 97, name: 'SSH_MSG_CHANNEL_CLOSE', ref: `${C} §5.3`, fields: [at(recipient, `${C} §5.3`)] };

// ------------------------------------------------------------------ channel requests (§5.4, §6)

const dims = (ref: string, cols: string): FieldSpec[] => [
  { name: `terminal_width_${cols}`, type: 'uint32', ref, doc: 'Terminal width in characters.' },
  { name: 'terminal_height_rows', type: 'uint32', ref, doc: 'Terminal height in rows.' },
  { name: 'terminal_width_pixels', type: 'uint32', ref, doc: 'Terminal width in pixels; 0 when unknown (the character sizes win).' },
  { name: 'terminal_height_pixels', type: 'uint32', ref, doc: 'Terminal height in pixels; 0 when unknown.' },
];

const signalName: FieldSpec = { name: 'signal_name', type: 'text', doc: 'A POSIX signal name without the "SIG" prefix, e.g. "INT", "TERM".' };

const channelRequestCases: Record<string, Layout> = {
  'pty-req': {
    fields: [
      { name: 'TERM', type: 'text', ref: `${C} §6.2`, doc: 'The TERM environment variable value, e.g. "xterm-256color".' },
      ...dims(`${C} §6.2`, 'characters'),
      { name: 'encoded_terminal_modes', type: 'terminal-modes', ref: `${C} §6.2`, doc: 'Opcode/argument pairs (ECHO, ICANON, VINTR…) ended by TTY_OP_END: how the remote pty should behave (RFC 4254 §8).' },
    ],
  },
  'x11-req': {
    fields: [
      { name: 'single_connection', type: 'boolean', ref: `${C} §6.3.1`, doc: 'TRUE: forward only one X11 connection.' },
      { name: 'x11_authentication_protocol', type: 'text', ref: `${C} §6.3.1`, doc: 'Usually "MIT-MAGIC-COOKIE-1".' },
      { name: 'x11_authentication_cookie', type: 'text', ref: `${C} §6.3.1`, doc: 'RFC 4254 recommends a fake random cookie here, checked and replaced by the real one when an X11 connection comes back.' },
      { name: 'x11_screen_number', type: 'uint32', ref: `${C} §6.3.1`, doc: 'The X11 screen to forward.' },
    ],
  },
  env: {
    fields: [
      { name: 'variable_name', type: 'text', ref: `${C} §6.4`, doc: 'An environment variable to set for the shell or command that will start.' },
      { name: 'variable_value', type: 'text', ref: `${C} §6.4`, doc: 'Its value; the server may refuse variables it does not allow.' },
    ],
  },
  shell: { fields: [] },
  exec: { fields: [{ name: 'command', type: 'text', ref: `${C} §6.5`, doc: 'The command the server is to start; it may contain a path.' }] },
  subsystem: { fields: [{ name: 'subsystem_name', type: 'text', ref: `${C} §6.5`, doc: 'A predefined subsystem to start, e.g. "sftp" for file transfer.' }] },
  'window-change': { fields: dims(`${C} §6.7`, 'columns') },
  'xon-xoff': { fields: [{ name: 'client_can_do', type: 'boolean', ref: `${C} §6.8`, doc: 'TRUE: the client may handle flow control (control-S/control-Q) locally.' }] },
  signal: { fields: [at(signalName, `${C} §6.9`)] },
  'exit-status': { fields: [{ name: 'exit_status', type: 'uint32', ref: `${C} §6.10`, doc: 'The exit status of the command that ran on the server.' }] },
  'exit-signal': {
    fields: [
      at(signalName, `${C} §6.10`),
      { name: 'core_dumped', type: 'boolean', ref: `${C} §6.10`, doc: 'TRUE: the program left a core dump.' },
      { name: 'error_message', type: 'text', ref: `${C} §6.10`, doc: 'Text explaining the signal, UTF-8.' },
      at(language, `${C} §6.10`),
    ],
  },
};

export const CHANNEL_REQUEST: MessageSpec = {
  number: 98,
  name: 'SSH_MSG_CHANNEL_REQUEST',
  ref: `${C} §5.4`,
  fields: [
    at(recipient, `${C} §5.4`),
    { name: 'request_type', type: 'text', ref: `${C} §5.4`, doc: 'What is asked: "pty-req", "env", "shell", "exec", "exit-status"…' },
    at(wantReply, `${C} §5.4`),
  ],
  tail: {
    on: 'request_type',
    cases: channelRequestCases,
    otherwise: { fields: [{ name: 'type-specific data', type: 'rest', ref: `${C} §5.4`, doc: 'Data whose format the request type defines, left as bytes.' }] },
  },
};

export const CHANNEL_SUCCESS: MessageSpec = { number: 99, name: 'SSH_MSG_CHANNEL_SUCCESS', ref: `${C} §5.4`, fields: [at(recipient, `${C} §5.4`)] };
export const CHANNEL_FAILURE: MessageSpec = { number: 100, name: 'SSH_MSG_CHANNEL_FAILURE', ref: `${C} §5.4`, fields: [at(recipient, `${C} §5.4`)] };

// ------------------------------------------------------------------ OpenSSH's ping

const P = 'OpenSSH PROTOCOL §1.9';
export const PING: MessageSpec = {
  number: 192,
  name: 'SSH2_MSG_PING',
  ref: P,
  fields: [{ name: 'data', type: 'string', ref: P, doc: 'Any bytes, possibly none: the PONG copies them back.' }],
};
export const PONG: MessageSpec = {
  number: 193,
  name: 'SSH2_MSG_PONG',
  ref: P,
  fields: [{ name: 'data', type: 'string', ref: P, doc: 'The data of the PING this answers.' }],
};

export const connectionSpecs: MessageSpec[] = [
  GLOBAL_REQUEST,
  REQUEST_SUCCESS,
  REQUEST_FAILURE,
  CHANNEL_OPEN,
  CHANNEL_OPEN_CONFIRMATION,
  CHANNEL_OPEN_FAILURE,
  CHANNEL_WINDOW_ADJUST,
  CHANNEL_DATA,
  CHANNEL_EXTENDED_DATA,
  CHANNEL_EOF,
  CHANNEL_CLOSE,
  CHANNEL_REQUEST,
  CHANNEL_SUCCESS,
  CHANNEL_FAILURE,
];

export const pingSpecs: MessageSpec[] = [PING, PONG];
