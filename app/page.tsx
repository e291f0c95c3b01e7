const steps = [
  ['Version exchange', 'RFC 4253 §4.2'],
  ['Algorithm negotiation (KEXINIT)', 'RFC 4253 §7.1'],
  ['Key exchange (ECDH / DH)', 'RFC 5656, RFC 8731, RFC 4253 §8'],
  ['Exchange hash and key derivation', 'RFC 4253 §7.2'],
  ['NEWKEYS, then encrypted packets', 'RFC 4253 §6, §7.3'],
  ['EXT_INFO and SERVICE_REQUEST', 'RFC 8308, RFC 4253 §10'],
];

export default function Home() {
  return (
    <main>
      <h1>sshscope</h1>
      <p className="lead">
        See an SSH handshake, message by message: every byte of every packet, both sides&apos; state, and the real
        cryptography: shared secret, exchange hash and derived keys.
      </p>
      <p>
        The engine underneath is a byte-exact SSH transport (RFC 4253) that runs in your browser and against real
        OpenSSH servers. The viewer (an animated sequence diagram, linked hex dumps, a step-through debugger) is being
        built.
      </p>
      <h2>What a handshake contains</h2>
      <ol>
        {steps.map(([what, ref]) => (
          <li key={what}>
            {what} <span className="ref">{ref}</span>
          </li>
        ))}
      </ol>
      <p className="soon">Viewer coming soon. Meanwhile: <code>npx sshscope simulate --out handshake.json</code>.</p>
    </main>
  );
}
