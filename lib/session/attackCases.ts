// Each attack with the playground parameters that give its bundled scenario's settings: the same
// setups for the unit test (identical event logs, lib/session/attackLab.test.ts) and the browser
// test (the same report, e2e/attack-lab.e2e.ts). reorder is missing: its scenario adds an IGNORE and
// a DEBUG after the service, which are not playground settings.
export const ATTACK_CASES: readonly { slug: string; query: string }[] = [
  { slug: 'terrapin-chacha20-no-strict-kex', query: 'cipher=chacha20-poly1305@openssh.com&server-keys=ssh-ed25519&strict=0&seed=41&attack=terrapin' },
  { slug: 'terrapin-strict-kex', query: 'cipher=chacha20-poly1305@openssh.com&server-keys=ssh-ed25519&seed=42&attack=terrapin' },
  { slug: 'terrapin-aes-gcm-no-strict-kex', query: 'cipher=aes128-gcm@openssh.com&server-keys=ssh-ed25519&strict=0&seed=44&attack=terrapin' },
  { slug: 'downgrade-kexinit', query: 'server-keys=ssh-ed25519&seed=43&attack=downgrade:s2c' },
  { slug: 'deleted-packet-detected', query: 'cipher=chacha20-poly1305@openssh.com&server-keys=ssh-ed25519&strict=0&seed=46&attack=drop:s2c:4' },
  { slug: 'mitm-different-host-key', query: 'kex=curve25519-sha256&server-keys=ssh-ed25519&seed=32&attack=mitm-hostkey' },
  { slug: 'flipped-byte-mac-error', query: 'cipher=aes128-ctr&mac=hmac-sha2-256-etm@openssh.com&server-keys=ssh-ed25519&seed=34&attack=flip:c2s:1' },
];
