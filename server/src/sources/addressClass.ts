import { BlockList, isIP } from 'node:net';

/*
 * What kind of network an IP address belongs to. A redirect from a server on a public address to
 * one on loopback, a private range or a link-local range (169.254.169.254 is the cloud metadata
 * service, which hands out credentials) is refused: a remote server must not make the editor reach
 * into the user's own machine or network.
 */

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified';

const RANGES: readonly [AddressClass, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  // Carrier-grade NAT, shared address space.
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  // Unique local addresses (fd00:ec2::254 is AWS' IPv6 metadata service).
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
];

const LISTS = new Map<AddressClass, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  let list = LISTS.get(kind);
  if (!list) LISTS.set(kind, (list = new BlockList()));
  list.addSubnet(network, prefix, family);
}

/** The class of an IP address (v4, v6, or v4-mapped v6); `public` for anything in no special range. */
export function addressClassOf(address: string): AddressClass {
  let ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1];
  const family = isIP(ip);
  if (family === 0) return 'public';
  for (const [kind, list] of LISTS) if (list.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  return 'public';
}
