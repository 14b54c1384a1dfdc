/** A parsed IPv4 CIDR block. */
export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`; returns undefined for anything malformed.
 *
 * @example
 * parseCidr('10.0.0.0/16'); // => { network: 167772160, prefix: 16 }
 */
export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_RE.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  const network = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  return { network, prefix };
}

/** Addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** True when the address part has bits set beyond the prefix (e.g. `10.0.0.1/16`). */
export function hasHostBits(cidr: Cidr): boolean {
  return cidr.network % blockSize(cidr.prefix) !== 0;
}

/** True when two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.network + blockSize(a.prefix);
  const bEnd = b.network + blockSize(b.prefix);
  return a.network < bEnd && b.network < aEnd;
}
