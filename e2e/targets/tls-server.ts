// An HTTPS server with a self-signed certificate, for the "TLS error" diagnosis.
// node:crypto cannot issue X.509 certificates, so a test-only key pair is checked in
// (fixtures/self-signed.*, CN=localhost, 127.0.0.1; never trusted by anything real).
import https from "node:https";
import fs from "node:fs";
import path from "node:path";

const dir = path.join(__dirname, "fixtures");

export const SELF_SIGNED_CERT = fs.readFileSync(path.join(dir, "self-signed.crt"), "utf8");
const KEY = fs.readFileSync(path.join(dir, "self-signed.key"), "utf8");

export async function startSelfSignedTlsServer(): Promise<{ url: string; cert: string; close(): Promise<void> }> {
  const server = https.createServer({ key: KEY, cert: SELF_SIGNED_CERT }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/scim+json" });
    res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, Resources: [] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    cert: SELF_SIGNED_CERT,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
