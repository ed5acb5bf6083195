// POST /api/v1/auth/token – email + password → bearer token
import { authenticate } from "@/lib/auth/authenticate";
import { issueApiToken } from "@/lib/auth/api-token";
import { handle, methods } from "@/lib/api/route";
import { tokenRoute } from "@/lib/api/specs-core";

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: handle(tokenRoute, async ({ body, ip }) => {
    const admin = await authenticate(body.email, body.password, ip);
    return issueApiToken(admin);
  }),
});
