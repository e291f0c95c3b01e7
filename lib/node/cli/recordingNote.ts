// The same words in every command that writes a recording: what the file holds, and what it never does.

export const RECORDING_CONTENTS = `What a recording contains: the session's ephemeral (one-time) private keys, on purpose:
they make the encrypted part readable, so anyone with the file can decrypt that one session.
It never contains a host or user private key or a password: the host key signs outside the
recorded engine and only its public half and its signature are kept.`;
