// Saving credentials that can only reach a private address: which URLs are refused (DNS through a seam).
import { describe, expect, it } from "vitest";
import { assertNoPrivateTargets, privateAddressOf } from "./private-target";

const hosts: Record<string, string[]> = { "internal.example": ["10.1.2.3"], "mixed.example": ["203.0.113.7", "127.0.0.1"], "public.example": ["203.0.113.7"] };
const lookup = async (h: string) => hosts[h] ?? [];

describe("private targets at Save", () => {
  it.each([
    ["http://127.0.0.1:8080/scim/v2", "127.0.0.1"],
    ["http://10.0.0.1/scim", "10.0.0.1"],
    ["http://169.254.169.254/latest", "169.254.169.254"],
    ["http://[::1]:9/scim", "::1"],
    ["http://[::ffff:127.0.0.1]/scim", "::ffff:7f00:1"],
    ["https://internal.example/scim", "10.1.2.3"],
    ["https://mixed.example/scim", "127.0.0.1"],
  ])("%s → %s", async (url, address) => {
    expect(await privateAddressOf(url, lookup)).toBe(address);
  });

  it.each(["https://public.example/scim", "https://unresolvable.example/scim", "not a url"])("%s is left alone", async (url) => {
    expect(await privateAddressOf(url, lookup)).toBeNull();
  });

  it("refuses with a 400 naming the field, the address and the setting", async () => {
    await expect(assertNoPrivateTargets([{ name: "tenantUrl", value: "https://internal.example/scim" }], lookup)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^tenantUrl: internal\.example resolves to 10\.1\.2\.3, which is a private network address\..*PROVISIO_ALLOW_PRIVATE_TARGETS/),
      details: [expect.objectContaining({ path: "tenantUrl" })],
    });
    await expect(assertNoPrivateTargets([{ name: "baseUrl", value: "" }, { name: "tokenUrl", value: "https://public.example/t" }], lookup)).resolves.toBeUndefined();
  });
});
