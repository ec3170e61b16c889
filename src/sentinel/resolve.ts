/**
 * Hostname resolution for `sentinel resolve-hostnames yes`, through node:dns (getaddrinfo, like Redis's
 * anetResolve). Redis resolves synchronously; Node cannot, so sentinel.conf's hostnames are resolved
 * before the file is applied, and SENTINEL MONITOR parks only its own client while its lookup runs.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { splitArgs } from './sentinel-config.js';

/** The first address getaddrinfo gives for `host` (the host itself if it is an IP), or null. */
export async function lookupHost(host: string): Promise<string | null> {
  if (isIP(host) !== 0) return host;
  try {
    return (await lookup(host)).address;
  } catch {
    return null;
  }
}

/** Hostnames that sentinel.conf's monitor / known-replica / known-sentinel lines name. */
export function configHostnames(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split('\n')) {
    const a = splitArgs(raw.trim());
    if (a === null || a.length < 4 || a[0].toLowerCase() !== 'sentinel') continue;
    const sub = a[1].toLowerCase();
    const host = sub === 'monitor' || sub === 'known-replica' || sub === 'known-slave' || sub === 'known-sentinel' ? a[3] : undefined;
    if (host !== undefined && isIP(host) === 0) out.add(host);
  }
  return [...out];
}

/** Resolves every hostname of the config text: hostname -> IP (unresolvable names are left out). */
export async function resolveConfigHostnames(text: string): Promise<Map<string, string>> {
  const names = configHostnames(text);
  const ips = await Promise.all(names.map(lookupHost));
  const out = new Map<string, string>();
  names.forEach((n, i) => {
    const ip = ips[i];
    if (ip !== null) out.set(n, ip);
  });
  return out;
}
