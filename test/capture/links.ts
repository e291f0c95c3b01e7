// The link types lib/capture reads, each as a way to wrap an IP packet (build.ts layouts), and a
// plain SSH-looking conversation framed with one of them. Shared by the unit tests and the tshark check.

import * as b from './build';

export type Wrap = (ip: b.Bytes, v: 4 | 6) => b.Bytes;
const ET = (v: 4 | 6) => (v === 4 ? 0x0800 : 0x86dd);

export const links: { name: string; linkType: number; wrap: Wrap; v6?: boolean }[] = [
  { name: 'Ethernet', linkType: 1, wrap: (ip, v) => b.ethernet(ip, ET(v)) },
  { name: 'Ethernet, 802.1Q tag', linkType: 1, wrap: (ip, v) => b.ethernet(ip, ET(v), [100]) },
  { name: 'Ethernet, 802.1ad + 802.1Q tags', linkType: 1, wrap: (ip, v) => b.ethernet(ip, ET(v), [10, 20]) },
  { name: 'Linux cooked SLL', linkType: 113, wrap: (ip, v) => b.sll(ip, ET(v)) },
  { name: 'Linux cooked SLL2', linkType: 276, wrap: (ip, v) => b.sll2(ip, ET(v)) },
  { name: 'raw IP (101)', linkType: 101, wrap: (ip) => ip },
  { name: 'raw IP (DLT_RAW 12)', linkType: 12, wrap: (ip) => ip },
  { name: 'raw IP (OpenBSD DLT_RAW 14)', linkType: 14, wrap: (ip) => ip },
  { name: 'raw IPv4 (228)', linkType: 228, wrap: (ip) => ip, v6: false },
  { name: 'raw IPv6 (229)', linkType: 229, wrap: (ip) => ip },
  { name: 'BSD loopback NULL, little-endian host', linkType: 0, wrap: (ip, v) => b.nullLink(ip, v === 4 ? 2 : 30, true) },
  { name: 'BSD loopback NULL, big-endian host', linkType: 0, wrap: (ip, v) => b.nullLink(ip, v === 4 ? 2 : 24, false) },
  { name: 'OpenBSD loopback LOOP', linkType: 108, wrap: (ip, v) => b.loopLink(ip, v === 4 ? 2 : 24) },
];

export function frames(v: 4 | 6, wrap: Wrap, conv = b.plainConversation()) {
  const cip = v === 4 ? conv.conv.client.ip : b.V6_A;
  const sip = v === 4 ? conv.conv.server.ip : b.V6_B;
  return b.tcpSegments(conv.conv).map((s) => {
    const [src, dst] = s.fromClient ? [cip, sip] : [sip, cip];
    return wrap(v === 4 ? b.ipv4({ src, dst }, s.bytes) : b.ipv6(src, dst, s.bytes), v);
  });
}

