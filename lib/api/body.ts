// Reads a request body with a size cap, stopping as soon as the cap is passed (a declared
// Content-Length over the cap is refused without reading). null = too large; each wrapper
// (REST, inbound SCIM) answers that in its own error format.
export async function readBodyCapped(req: Request, limit: number): Promise<string | null> {
  if (Number(req.headers.get("content-length") ?? "0") > limit) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
