// User authentication and connection messages, decoded from bytes written out by hand from the
// RFCs' layouts (not from our encoder), plus what a decoder needs context for.

import { describe, expect, it } from 'vitest';
import { nestedDecoders } from '../algorithms/decoders';
import { concat, u32be, utf8 } from '../wire/bytes';
import { DecodeError } from '../wire/errors';
import { findField, type Field } from '../wire/field';
import { decodeMessage, messageName } from './codec';

const str = (s: string | Uint8Array) => concat(u32be(typeof s === 'string' ? utf8(s).length : s.length), typeof s === 'string' ? utf8(s) : s);
const bytes = (...parts: (number | Uint8Array)[]) => concat(...parts.map((p) => (typeof p === 'number' ? Uint8Array.of(p) : p)));
const decode = (b: Uint8Array, authMethod?: string) => decodeMessage(b, 0, nestedDecoders, undefined, authMethod ? { authMethod } : undefined);
const secrets = (fs: Field[]): string[] => fs.flatMap((f) => [...(f.secret ? [f.name] : []), ...secrets(f.children ?? [])]);

describe('SSH_MSG_USERAUTH_REQUEST (RFC 4252 §5, §7, §8; RFC 4256 §3.1)', () => {
  const head = (method: string) => bytes(50, str('alice'), str('ssh-connection'), str(method));

  it('"none" has nothing after the method name', () => {
    const m = decode(head('none'));
    expect(m.name).toBe('SSH_MSG_USERAUTH_REQUEST');
    expect(m.values).toEqual({ user_name: 'alice', service_name: 'ssh-connection', method_name: 'none' });
    expect(m.fields.map((f) => f.name)).toEqual(['message_number', 'user_name', 'service_name', 'method_name']);
    expect(() => decode(bytes(head('none'), 0))).toThrow(DecodeError);
  });

  it('"password": FALSE, then the password, which is marked secret', () => {
    const b = bytes(head('password'), 0, str('hunter2'));
    const m = decode(b);
    expect(m.values.change_password).toBe(false);
    expect(m.values.password).toBe('hunter2');
    const pw = findField(m.fields, 'password')!;
    expect(pw.secret).toBe(true);
    // The field spans its length and its text: the last 11 bytes of the payload.
    expect([pw.offset, pw.length]).toEqual([b.length - 11, 11]);
    expect(secrets(m.fields)).toEqual(['password']);
  });

  it('"password" with TRUE: old and new password, both secret', () => {
    const m = decode(bytes(head('password'), 1, str('old'), str('new')));
    expect(m.values).toMatchObject({ change_password: true, old_password: 'old', new_password: 'new' });
    expect(secrets(m.fields)).toEqual(['old_password', 'new_password']);
  });

  it('"publickey" without a signature (a query) and with one (the login)', () => {
    const q = decode(bytes(head('publickey'), 0, str('ssh-ed25519'), str(bytes(str('ssh-ed25519'), str(new Uint8Array(32))))));
    expect(q.values).toMatchObject({ has_signature: false, public_key_algorithm: 'ssh-ed25519' });
    expect(findField(q.fields, 'public_key_blob/public_key')?.length).toBe(36);
    expect(q.values.signature).toBeUndefined();
    const sig = bytes(str('ssh-ed25519'), str(new Uint8Array(64)));
    const s = decode(bytes(head('publickey'), 1, str('ssh-ed25519'), str(bytes(str('ssh-ed25519'), str(new Uint8Array(32)))), str(sig)));
    expect(s.values.signature).toEqual(sig);
    expect(findField(s.fields, 'signature/signature_type')?.value).toBe('ssh-ed25519');
    expect(secrets(s.fields)).toEqual([]);
  });

  it('"keyboard-interactive": language tag and submethods', () => {
    const m = decode(bytes(head('keyboard-interactive'), str(''), str('pam')));
    expect(m.values).toMatchObject({ language_tag: '', submethods: 'pam' });
  });

  it('a method it does not know keeps its fields as bytes', () => {
    const m = decode(bytes(head('gssapi-with-mic'), u32be(1), str('oid')));
    expect(m.values['method-specific fields']).toEqual(bytes(u32be(1), str('oid')));
  });
});

describe('numbers 60–79 depend on the method in progress (RFC 4252 §6)', () => {
  const sixty = bytes(60, str('Password expired'), str(''));
  it('without context, 60 is named honestly and kept as bytes', () => {
    const m = decode(sixty);
    expect(m.name).toBe('userauth method message 60');
    expect(m.spec).toBeUndefined();
    const note = m.fields[0].note!;
    for (const n of ['SSH_MSG_USERAUTH_PK_OK (publickey)', 'SSH_MSG_USERAUTH_PASSWD_CHANGEREQ (password)', 'SSH_MSG_USERAUTH_INFO_REQUEST (keyboard-interactive)']) {
      expect(note).toContain(n);
    }
    expect(messageName(61)).toBe('userauth method message 61');
  });
  it('with the method, 60 is decoded as that method says', () => {
    expect(decode(sixty, 'password')).toMatchObject({ name: 'SSH_MSG_USERAUTH_PASSWD_CHANGEREQ', values: { prompt: 'Password expired', language_tag: '' } });
    const pkOk = bytes(60, str('ssh-ed25519'), str(bytes(str('ssh-ed25519'), str(new Uint8Array(32)))));
    expect(decode(pkOk, 'publickey').name).toBe('SSH_MSG_USERAUTH_PK_OK');
    // The same bytes are no INFO_REQUEST: they end before num-prompts.
    expect(() => decode(sixty, 'keyboard-interactive')).toThrow(DecodeError);
    expect(decode(sixty, 'hostbased').name).toBe('userauth method message 60');
  });
  it('INFO_REQUEST lists its prompts, INFO_RESPONSE its responses (RFC 4256 §3.2, §3.4), responses secret', () => {
    const req = decode(bytes(60, str('SSH Server'), str(''), str(''), u32be(2), str('Password: '), 0, str('Code: '), 1), 'keyboard-interactive');
    expect(req.name).toBe('SSH_MSG_USERAUTH_INFO_REQUEST');
    expect(req.values.prompts).toEqual([
      { prompt: 'Password: ', echo: false },
      { prompt: 'Code: ', echo: true },
    ]);
    expect(findField(req.fields, 'prompts')!.children!.map((f) => f.name)).toEqual(['num-prompts', 'prompt[1]', 'echo[1]', 'prompt[2]', 'echo[2]']);
    const res = decode(bytes(61, u32be(2), str('hunter2'), str('123456')), 'keyboard-interactive');
    expect(res.values.responses).toEqual([{ response: 'hunter2' }, { response: '123456' }]);
    expect(secrets(res.fields)).toEqual(['response[1]', 'response[2]']);
    // A count the bytes cannot hold is refused before any loop.
    expect(() => decode(bytes(61, u32be(0xffffffff)), 'keyboard-interactive')).toThrow('num-responses at byte 1: 4294967295 items announced, but only 0 bytes follow');
  });
});

describe('connection protocol (RFC 4254)', () => {
  it('CHANNEL_OPEN "direct-tcpip" (§7.2)', () => {
    const m = decode(bytes(90, str('direct-tcpip'), u32be(0), u32be(2097152), u32be(32768), str('example.org'), u32be(80), str('127.0.0.1'), u32be(53000)));
    expect(m.values).toEqual({
      channel_type: 'direct-tcpip',
      sender_channel: 0,
      initial_window_size: 2097152,
      maximum_packet_size: 32768,
      host_to_connect: 'example.org',
      port_to_connect: 80,
      originator_address: '127.0.0.1',
      originator_port: 53000,
    });
  });
  it('CHANNEL_OPEN_FAILURE names its reason code (§5.1); EXTENDED_DATA 1 is stderr (§5.2)', () => {
    const f = decode(bytes(92, u32be(3), u32be(2), str('connect failed'), str('')));
    expect(findField(f.fields, 'reason_code')!.note).toBe('SSH_OPEN_CONNECT_FAILED');
    expect(findField(decode(bytes(92, u32be(3), u32be(9), str(''), str(''))).fields, 'reason_code')!.note).toBe('unknown (9)');
    const e = decode(bytes(95, u32be(0), u32be(1), str('oops\n')));
    expect(findField(e.fields, 'data_type_code')!.note).toBe('SSH_EXTENDED_DATA_STDERR');
    expect(e.values.data).toEqual(utf8('oops\n'));
  });
  it('CHANNEL_REQUEST "pty-req": the terminal modes are child fields (§6.2, §8)', () => {
    // ECHO (53) = 1, ISPEED (128) = 38400, then TTY_OP_END.
    const modes = bytes(53, u32be(1), 128, u32be(38400), 0);
    const m = decode(bytes(98, u32be(0), str('pty-req'), 1, str('xterm'), u32be(80), u32be(24), u32be(0), u32be(0), str(modes)));
    expect(m.values).toMatchObject({ request_type: 'pty-req', want_reply: true, TERM: 'xterm', terminal_width_characters: 80, terminal_height_rows: 24 });
    const tm = findField(m.fields, 'encoded_terminal_modes')!;
    expect(tm.children!.map((f) => f.name)).toEqual(['length', 'ECHO', 'TTY_OP_ISPEED', 'TTY_OP_END']);
    expect(tm.children![1].value).toBe(1);
    expect(tm.children![2].value).toBe(38400);
    // An undefined opcode (160–255) stops parsing; what follows stays bytes.
    const stop = decode(bytes(98, u32be(0), str('pty-req'), 0, str('vt100'), u32be(80), u32be(24), u32be(0), u32be(0), str(bytes(53, u32be(0), 200, 1, 2))));
    const kids = findField(stop.fields, 'encoded_terminal_modes')!.children!;
    expect(kids.map((f) => f.name)).toEqual(['length', 'ECHO', 'opcode', 'after the modes']);
    expect(kids[2].note).toMatch(/not defined: parsing stops/);
    // A truncated argument leaves the modes a leaf with a note: the message itself is well-formed.
    const cut = decode(bytes(98, u32be(0), str('pty-req'), 0, str('vt100'), u32be(80), u32be(24), u32be(0), u32be(0), str(bytes(53, 0, 0))));
    expect(findField(cut.fields, 'encoded_terminal_modes')!.children).toBeUndefined();
  });
  it('CHANNEL_REQUEST "exit-status", "env", "exec", and an OpenSSH extension kept as bytes', () => {
    expect(decode(bytes(98, u32be(0), str('exit-status'), 0, u32be(0))).values.exit_status).toBe(0);
    expect(decode(bytes(98, u32be(0), str('env'), 0, str('LANG'), str('C.UTF-8'))).values).toMatchObject({ variable_name: 'LANG', variable_value: 'C.UTF-8' });
    expect(decode(bytes(98, u32be(0), str('exec'), 1, str('uname -a'))).values.command).toBe('uname -a');
    expect(decode(bytes(98, u32be(0), str('eow@openssh.com'), 0)).values['type-specific data']).toEqual(new Uint8Array(0));
  });
  it('GLOBAL_REQUEST "tcpip-forward" (§7.1) and hostkeys-00@openssh.com as request-specific data', () => {
    expect(decode(bytes(80, str('tcpip-forward'), 1, str('localhost'), u32be(0))).values).toMatchObject({ address_to_bind: 'localhost', port_to_bind: 0 });
    const hk = decode(bytes(80, str('hostkeys-00@openssh.com'), 0, str('k1'), str('k2')));
    expect(hk.values['request-specific data']).toEqual(bytes(str('k1'), str('k2')));
  });
  it('OpenSSH ping: SSH2_MSG_PING 192 and SSH2_MSG_PONG 193 (OpenSSH PROTOCOL §1.9)', () => {
    expect(decode(bytes(192, str('abc')))).toMatchObject({ name: 'SSH2_MSG_PING', values: { data: utf8('abc') } });
    expect(decode(bytes(193, str(''))).name).toBe('SSH2_MSG_PONG');
  });
});
