import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The privacy policy promises truncated IPs: IPv4 keeps its /24, IPv6 its /48.
 * Anything that is not an address is dropped rather than stored as given.
 */
export function truncateIp(ip: string | undefined | null): string | null {
  if (!ip) return null;
  const bare = ip
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (isIPv4(bare)) return truncateV4(bare);
  if (!isIPv6(bare)) return null;
  const v6 = ipaddr.IPv6.parse(bare);
  if (v6.isIPv4MappedAddress()) return truncateV4(v6.toIPv4Address().toString());
  const parts = v6.parts.slice(0, 3).concat([0, 0, 0, 0, 0]);
  return `${new ipaddr.IPv6(parts).toString()}/48`;
}

function truncateV4(ip: string): string {
  const octets = ip.split('.');
  return `${octets[0]}.${octets[1]}.${octets[2]}.0/24`;
}
