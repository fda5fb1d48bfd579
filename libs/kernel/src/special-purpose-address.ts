import { BlockList, isIP } from 'node:net';

/**
 * Addresses the platform must not connect to on someone else's say-so (DCV's HTTP checks, webhook
 * deliveries), unless a test allows it: IANA's special-purpose ranges that are not globally reachable,
 * IPv4 and IPv6, so that a domain or a registered URL cannot aim a request at the CA's own network.
 * IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged by its IPv4 address (BlockList does that); NAT64 and
 * 6to4 embed IPv4 addresses that may be private, so they are refused as a whole. Not an IP address
 * at all: refused too.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b::', 96], // NAT64 (embeds IPv4)
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (embeds IPv4)
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

export const isPrivateAddress = (address: string): boolean => {
  const family = isIP(address);
  return family === 0 || NOT_PUBLIC.check(address, family === 6 ? 'ipv6' : 'ipv4');
};
