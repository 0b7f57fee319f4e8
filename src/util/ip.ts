// IPv4 range checks for login IP ranges (profiles) and declared egress addresses.

export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function ipInRange(ip: string, start: string, end: string): boolean {
  const [value, low, high] = [ipv4ToNumber(ip), ipv4ToNumber(start), ipv4ToNumber(end)];
  if (value === undefined || low === undefined || high === undefined) return false;
  return value >= low && value <= high;
}
