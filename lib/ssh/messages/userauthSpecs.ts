// The layout tables of the user authentication protocol (RFC 4252) and keyboard-interactive
// (RFC 4256). Numbers 60–79 are method-specific: 60 means PK_OK, PASSWD_CHANGEREQ or
// INFO_REQUEST depending on the method in progress (see specFor's context).

import type { FieldSpec, Layout, MessageSpec } from './layout';

const A = 'RFC 4252';
const KI = 'RFC 4256';

const language: FieldSpec = { name: 'language_tag', type: 'text', doc: 'RFC 3066 language tag, usually empty.' };

/** RFC 4252 §7: the request without a signature asks whether the key would do; with one it logs in. */
const publickey: Layout = {
  fields: [
    { name: 'has_signature', type: 'boolean', ref: `${A} §7`, doc: 'FALSE: only asking whether this key would be accepted (answered by PK_OK). TRUE: a signature follows, this is the login.' },
    { name: 'public_key_algorithm', type: 'text', ref: `${A} §7`, doc: 'The public key algorithm name, e.g. "ssh-ed25519" or "rsa-sha2-256".' },
    { name: 'public_key_blob', type: 'host-key', ref: `${A} §7`, doc: 'The public key (it may contain certificates), in the encoding of its algorithm.' },
  ],
  tail: {
    on: 'has_signature',
    cases: {
      false: { fields: [] },
      true: {
        fields: [
          {
            name: 'signature',
            type: 'signature',
            ref: `${A} §7`,
            doc: 'Made with the private key over the session identifier and this request up to here: it proves the user holds the key, for this session only.',
          },
        ],
      },
    },
  },
};

/** RFC 4252 §8: the password in plaintext (the transport encrypts it); TRUE changes it. */
const password: Layout = {
  fields: [{ name: 'change_password', type: 'boolean', ref: `${A} §8`, doc: 'FALSE: a plain login. TRUE: the old password and a new one follow (an answer to PASSWD_CHANGEREQ).' }],
  tail: {
    on: 'change_password',
    cases: {
      false: { fields: [{ name: 'password', type: 'text', ref: `${A} §8`, secret: true, doc: 'The password in plaintext, UTF-8: only the transport encryption protects it.' }] },
      true: {
        fields: [
          { name: 'old_password', type: 'text', ref: `${A} §8`, secret: true, doc: 'The current password in plaintext, UTF-8.' },
          { name: 'new_password', type: 'text', ref: `${A} §8`, secret: true, doc: 'The new password in plaintext, UTF-8.' },
        ],
      },
    },
  },
};

/** RFC 4252 §9: the client host's key signs for the user. */
const hostbased: Layout = {
  fields: [
    { name: 'public_key_algorithm', type: 'text', ref: `${A} §9` },
    { name: 'client_host_key', type: 'host-key', ref: `${A} §9`, doc: 'The client host\'s public key (and certificates).' },
    { name: 'client_host_name', type: 'text', ref: `${A} §9`, doc: 'The client host\'s fully qualified domain name.' },
    { name: 'client_user_name', type: 'text', ref: `${A} §9`, doc: 'The user name on the client host.' },
    { name: 'signature', type: 'signature', ref: `${A} §9` },
  ],
};

/** RFC 4256 §3.1. */
const keyboardInteractive: Layout = {
  fields: [
    { ...language, ref: `${KI} §3.1`, doc: 'Deprecated language tag, usually empty (RFC 4256 §3.1).' },
    { name: 'submethods', type: 'text', ref: `${KI} §3.1`, doc: 'Comma-separated hints of the interactive methods the user would like, usually empty.' },
  ],
};

export const USERAUTH_REQUEST: MessageSpec = {
  number: 50,
  name: 'SSH_MSG_USERAUTH_REQUEST',
  ref: `${A} §5`,
  fields: [
    { name: 'user_name', type: 'text', ref: `${A} §5`, doc: 'The user to log in as, UTF-8.' },
    { name: 'service_name', type: 'text', ref: `${A} §5`, doc: 'The service to start once authenticated, usually "ssh-connection".' },
    { name: 'method_name', type: 'text', ref: `${A} §5`, doc: 'The authentication method; the fields after it depend on it.' },
  ],
  tail: {
    on: 'method_name',
    cases: { none: { fields: [] }, publickey, password, hostbased, 'keyboard-interactive': keyboardInteractive },
    otherwise: { fields: [{ name: 'method-specific fields', type: 'rest', ref: `${A} §5`, doc: 'Fields of a method sshscope does not decode, left as bytes.' }] },
  },
};

export const USERAUTH_FAILURE: MessageSpec = {
  number: 51,
  name: 'SSH_MSG_USERAUTH_FAILURE',
  ref: `${A} §5.1`,
  fields: [
    { name: 'authentications_that_can_continue', type: 'name-list', ref: `${A} §5.1`, doc: 'The methods that may productively continue the authentication.' },
    { name: 'partial_success', type: 'boolean', ref: `${A} §5.1`, doc: 'TRUE: this request succeeded, but more authentication is needed.' },
  ],
};

export const USERAUTH_SUCCESS: MessageSpec = { number: 52, name: 'SSH_MSG_USERAUTH_SUCCESS', ref: `${A} §5.1`, fields: [] };

export const USERAUTH_BANNER: MessageSpec = {
  number: 53,
  name: 'SSH_MSG_USERAUTH_BANNER',
  ref: `${A} §5.4`,
  fields: [
    { name: 'message', type: 'text', ref: `${A} §5.4`, doc: 'Text for the user before authentication, UTF-8: shown as plain text, never as markup.' },
    { ...language, ref: `${A} §5.4` },
  ],
};

export const USERAUTH_PK_OK: MessageSpec = {
  number: 60,
  name: 'SSH_MSG_USERAUTH_PK_OK',
  ref: `${A} §7`,
  fields: [
    { name: 'public_key_algorithm', type: 'text', ref: `${A} §7`, doc: 'The algorithm name from the request.' },
    { name: 'public_key_blob', type: 'host-key', ref: `${A} §7`, doc: 'The key from the request: the server would accept it.' },
  ],
};

export const USERAUTH_PASSWD_CHANGEREQ: MessageSpec = {
  number: 60,
  name: 'SSH_MSG_USERAUTH_PASSWD_CHANGEREQ',
  ref: `${A} §8`,
  fields: [
    { name: 'prompt', type: 'text', ref: `${A} §8`, doc: 'Text asking the user for a new password, UTF-8.' },
    { ...language, ref: `${A} §8` },
  ],
};

export const USERAUTH_INFO_REQUEST: MessageSpec = {
  number: 60,
  name: 'SSH_MSG_USERAUTH_INFO_REQUEST',
  ref: `${KI} §3.2`,
  fields: [
    { name: 'name', type: 'text', ref: `${KI} §3.2`, doc: 'A title for the prompts, UTF-8 (may be empty).' },
    { name: 'instruction', type: 'text', ref: `${KI} §3.2`, doc: 'Instructions for the user, UTF-8 (may be empty).' },
    { ...language, ref: `${KI} §3.2`, doc: 'Deprecated language tag, usually empty (RFC 4256 §3.2).' },
    {
      name: 'prompts',
      type: 'list',
      count: 'num-prompts',
      doc: 'The questions for the user, each with whether its answer may be echoed.',
      ref: `${KI} §3.2`,
      item: [
        { name: 'prompt', type: 'text', ref: `${KI} §3.2`, doc: 'A question for the user, e.g. "Password: ".' },
        { name: 'echo', type: 'boolean', ref: `${KI} §3.2`, doc: 'TRUE: the answer may be shown as it is typed. FALSE: it must not be.' },
      ],
    },
  ],
};

export const USERAUTH_INFO_RESPONSE: MessageSpec = {
  number: 61,
  name: 'SSH_MSG_USERAUTH_INFO_RESPONSE',
  ref: `${KI} §3.4`,
  fields: [
    {
      name: 'responses',
      type: 'list',
      count: 'num-responses',
      doc: 'One answer per prompt of the INFO_REQUEST, in the same order.',
      ref: `${KI} §3.4`,
      item: [{ name: 'response', type: 'text', ref: `${KI} §3.4`, secret: true, doc: "The user's answer to the prompt of the same number, UTF-8: often a password or a one-time code." }],
    },
  ],
};

/** Numbers whose meaning does not depend on the method in progress. */
export const userauthSpecs: MessageSpec[] = [USERAUTH_REQUEST, USERAUTH_FAILURE, USERAUTH_SUCCESS, USERAUTH_BANNER];

/** The method-specific messages (60–79), by the method whose exchange gives them their meaning. */
export const methodSpecs: Record<string, MessageSpec[]> = {
  publickey: [USERAUTH_PK_OK],
  password: [USERAUTH_PASSWD_CHANGEREQ],
  'keyboard-interactive': [USERAUTH_INFO_REQUEST, USERAUTH_INFO_RESPONSE],
};
