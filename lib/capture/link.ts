// Link layers: where a frame's IP packet starts. LINKTYPE_* numbers from the tcpdump.org list
// (draft-ietf-opsawg-pcaplinktype).

export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in the capturing host's byte order
  ETHERNET: 1,
  RAW_12: 12, // DLT_RAW on most BSDs and Linux, found in old files
  RAW_14: 14, // DLT_RAW on OpenBSD
  RAW: 101,
  LOOP: 108, // OpenBSD loopback: the same family, in network byte order
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const SUPPORTED_LINK_TYPES: readonly number[] = Object.values(LINKTYPE);
export const SUPPORTED_LINK_TYPE_NAMES = 'Ethernet with or without 802.1Q tags, Linux cooked SLL and SLL2, raw IP, BSD loopback NULL and LOOP';

export function linkTypeName(t: number): string {
  switch (t) {
    case LINKTYPE.NULL:
      return 'BSD loopback (NULL)';
    case LINKTYPE.ETHERNET:
      return 'Ethernet';
    case LINKTYPE.RAW_12:
    case LINKTYPE.RAW_14:
    case LINKTYPE.RAW:
      return 'raw IP';
    case LINKTYPE.LOOP:
      return 'OpenBSD loopback (LOOP)';
    case LINKTYPE.LINUX_SLL:
      return 'Linux cooked (SLL)';
    case LINKTYPE.IPV4:
      return 'raw IPv4';
    case LINKTYPE.IPV6:
      return 'raw IPv6';
    case LINKTYPE.LINUX_SLL2:
      return 'Linux cooked v2 (SLL2)';
    default:
      return `link type ${t}`;
  }
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100; // IEEE 802.1Q
const ETHERTYPE_QINQ = 0x88a8; // IEEE 802.1ad
const ETHERTYPE_QINQ_OLD = 0x9100;
/** Tags stacked deeper than this are not a real network's. */
const MAX_VLAN_TAGS = 8;

/** Address family values of IPv6 on the BSDs, Darwin and Linux (IPv4 is 2 everywhere). */
const AF_INET6 = new Set([10, 24, 28, 30]);

/**
 * Offset of the IP header in `d`; or a string saying why there is none (another protocol, or a
 * frame too short for its link header).
 */
export function ipOffset(linkType: number, d: Uint8Array): number | string {
  switch (linkType) {
    case LINKTYPE.ETHERNET: {
      let at = 12;
      for (let tags = 0; ; tags++) {
        if (d.length < at + 2) return 'a frame shorter than its Ethernet header';
        const type = (d[at] << 8) | d[at + 1];
        if (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
          if (tags >= MAX_VLAN_TAGS) return `more than ${MAX_VLAN_TAGS} VLAN tags`;
          at += 4;
          continue;
        }
        return etherIp(type, at + 2);
      }
    }
    case LINKTYPE.LINUX_SLL:
      if (d.length < 16) return 'a frame shorter than its Linux cooked header';
      return etherIp((d[14] << 8) | d[15], 16);
    case LINKTYPE.LINUX_SLL2:
      if (d.length < 20) return 'a frame shorter than its Linux cooked v2 header';
      return etherIp((d[0] << 8) | d[1], 20);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_12:
    case LINKTYPE.RAW_14:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return 0;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return 'a frame shorter than its loopback header';
      let family: number;
      if (linkType === LINKTYPE.LOOP) family = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
      else {
        // The capturing host's byte order, which need not be the file's: a family is small, so
        // a value with high bits set was written the other way round.
        family = (d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24)) >>> 0;
        if (family > 0xffff) family = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
      }
      if (family === 2 || AF_INET6.has(family)) return 4;
      return `address family ${family}, not IP`;
    }
    default:
      return `unsupported ${linkTypeName(linkType)}`;
  }
}

function etherIp(type: number, at: number): number | string {
  if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) return at;
  return `EtherType 0x${type.toString(16).padStart(4, '0')}, not IP`;
}
