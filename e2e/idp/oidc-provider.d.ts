// The part of oidc-provider (which ships no types) that e2e/idp/oidc-idp.ts uses.
declare module "oidc-provider" {
  import type { Server } from "node:http";

  type ClaimsFn = () => Promise<Record<string, unknown>>;
  type Grant = { addOIDCScope(scope: string): void; save(): Promise<string> };
  type Ctx = { oidc: { session?: { accountId?: string }; client?: { clientId: string }; provider: { Grant: new (init: { clientId: string; accountId: string }) => Grant } } };

  export type Configuration = {
    clients: Array<Record<string, unknown>>;
    pkce?: { required?: () => boolean };
    claims?: Record<string, string[]>;
    scopes?: string[];
    cookies?: { keys: string[] };
    features?: Record<string, { enabled: boolean }>;
    findAccount: (ctx: Ctx, id: string) => Promise<{ accountId: string; claims: ClaimsFn } | undefined>;
    loadExistingGrant?: (ctx: Ctx) => Promise<Grant | undefined>;
  };

  export default class Provider {
    constructor(issuer: string, config: Configuration);
    listen(port: number, host: string, cb: () => void): Server;
  }
}
