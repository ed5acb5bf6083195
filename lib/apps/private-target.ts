// Saving admin credentials whose URL reaches only a private, loopback or link-local address is
// refused (400 naming the field) when private targets are not allowed: every connection to it
// would be refused by the SSRF guard anyway, and the admin learns it at Save, not at the first
// cycle. Names are resolved here as the guard would; a name that does not resolve is left to
// Test Connection, which says so. The guard at connect time stays the enforcement (DNS can change).
import dns from "node:dns/promises";
import net from "node:net";
import { AppError, localized } from "../errors";
import { ALLOW_PRIVATE_HINT, isPrivateAddress } from "../scim/ssrf";

/** The private address a URL's host is or resolves to, if any (pure apart from the DNS lookup). */
export async function privateAddressOf(url: string, lookup: (host: string) => Promise<string[]> = defaultLookup): Promise<string | null> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return null; // not a URL: the credential schema reports it
  }
  const addresses = net.isIP(host) ? [host] : await lookup(host);
  return addresses.find((a) => isPrivateAddress(a)) ?? null;
}

async function defaultLookup(host: string): Promise<string[]> {
  return dns.lookup(host, { all: true, verbatim: true }).then((r) => r.map((a) => a.address), () => []);
}

export async function assertNoPrivateTargets(fields: Array<{ name: string; value: unknown }>, lookup: (host: string) => Promise<string[]> = defaultLookup): Promise<void> {
  for (const f of fields) {
    if (typeof f.value !== "string" || f.value.trim() === "") continue;
    const url = f.value.trim();
    const address = await privateAddressOf(url, lookup);
    if (!address) continue;
    const host = new URL(url).hostname;
    const message = `${f.name}: ${host} ${host.replace(/^\[|\]$/g, "") === address ? "is" : `resolves to ${address}, which is`} a private network address. ${ALLOW_PRIVATE_HINT}`;
    const bare = host.replace(/^\[|\]$/g, "") === address;
    throw localized(new AppError("validation_failed", message, [{ path: f.name, message }]), "privateTarget", { field: f.name, host, resolved: bare ? "no" : "yes", address });
  }
}
