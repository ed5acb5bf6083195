// A GoTo (Citrix Online) Identity SCIM target: every incoming request is validated
// against the vendor's published OpenAPI document (goto-scim-openapi.yaml, copied from
// ../shared/data) with openapi-backend; invalid requests get 400 and are recorded as violations.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import OpenAPIBackend from "openapi-backend";
import type { Context, Document } from "openapi-backend";
import YAML from "yaml";
import { applyFault, closeServer, FaultQueue, listen, readBody, recordHeaders, type Fault, type InjectOptions, type RecordedRequest } from "./common";

export type GoToViolation = { method: string; path: string; operationId?: string; errors: unknown; body: unknown };

export type GoToTargetOptions = {
  adminUsername?: string;
  adminPassword?: string;
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSec?: number;
  /** the admin has Team Admin rights (else every SCIM call is 403) */
  teamAdmin?: boolean;
  now?: () => number;
  /**
   * What `members` in a group PATCH means: GoTo's document does not say. "replace" (default):
   * the list becomes the group's members; "add": the listed members are added. Either way an
   * entry with `operation: "delete"` (SCIM 1.1) removes that member.
   */
  memberPatch?: "replace" | "add";
};

type User = { id: string; userName: string; displayName: string; name: { givenName: string; familyName: string }; locale: string; timezone: string; meta: { created: string; location: string } };
type Group = { id: string; displayName: string; members: Array<{ type: "user" | "group"; value: string }>; meta: { created: string; location: string } };

export type GoToTarget = {
  url: string;
  baseUrl: string;
  tokenUrl: string;
  state: { users: Map<string, User>; groups: Map<string, Group> };
  requests: RecordedRequest[];
  violations: GoToViolation[];
  inject(fault: Fault, opts?: InjectOptions): void;
  close(): Promise<void>;
};

const API_ROOT = "/identity/v1";
const SPEC = path.join(__dirname, "goto-scim-openapi.yaml");

/** Properties a request body may carry, per the published schemas (Member.operation is SCIM 1.1 removal). */
const ALLOWED_BODY_PROPS: Record<string, string[]> = {
  UserDefinition: ["displayName", "locale", "name", "password", "timezone", "userName"],
  GroupDefinition: ["displayName", "members"],
};

export async function startGoToTarget(opts: GoToTargetOptions = {}): Promise<GoToTarget> {
  const admin = { username: opts.adminUsername ?? "admin@example.com", password: opts.adminPassword ?? "admin-password" };
  const now = opts.now ?? Date.now;
  const definition = YAML.parse(fs.readFileSync(SPEC, "utf8")) as Document;
  const api = new OpenAPIBackend({ definition, validate: true, strict: false, quick: false, apiRoot: "/", ajvOpts: { logger: false } });
  const users = new Map<string, User>();
  const groups = new Map<string, Group>();
  const tokens = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const violations: GoToViolation[] = [];
  const faults = new FaultQueue();
  let nextKey = 1000;
  let port = 0;

  type Out = { status: number; body?: unknown };
  const err = (status: number, description: string): Out => ({ status, body: { errors: [{ code: String(status), description }] } });
  const loc = (kind: string, id: string) => `http://127.0.0.1:${port}${API_ROOT}/${kind}/${id}`;

  const extraProps = (body: unknown, schema: string): string[] => {
    if (!body || typeof body !== "object") return [];
    const allowed = ALLOWED_BODY_PROPS[schema] ?? [];
    const bad = Object.keys(body).filter((k) => !allowed.includes(k));
    const name = (body as { name?: unknown }).name;
    if (schema === "UserDefinition" && name && typeof name === "object") bad.push(...Object.keys(name).filter((k) => !["givenName", "familyName"].includes(k)).map((k) => `name.${k}`));
    const members = (body as { members?: unknown }).members;
    if (Array.isArray(members)) for (const m of members) bad.push(...Object.keys(m as object).filter((k) => !["type", "value", "operation"].includes(k)).map((k) => `members.${k}`));
    return bad;
  };

  const matches = (value: string, op: string, want: string) => (op === "eq" ? value.toLowerCase() === want.toLowerCase() : op === "sw" ? value.toLowerCase().startsWith(want.toLowerCase()) : value.toLowerCase().includes(want.toLowerCase()));
  const parseFilter = (f: string, attrs: string[], ops: string[]) => {
    const m = /^\s*([\w.]+)\s+(\w+)\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(f);
    if (!m || !attrs.includes(m[1]!) || !ops.includes(m[2]!.toLowerCase())) return null;
    return { attr: m[1]!, op: m[2]!.toLowerCase(), value: JSON.parse(`"${m[3]}"`) as string };
  };
  const readAttr = (u: User, attr: string) => (attr === "name.givenName" ? u.name.givenName : attr === "name.familyName" ? u.name.familyName : String((u as Record<string, unknown>)[attr] ?? ""));
  const page = <T>(items: T[], q: Record<string, string>) => {
    const start = Math.max(1, Number(q.startIndex ?? 1) || 1);
    const count = q.count === undefined ? items.length : Math.max(0, Number(q.count) || 0);
    return { resources: items.slice(start - 1, start - 1 + count), totalResults: items.length };
  };
  const checkMembers = (members: Group["members"] | undefined): Out | null => {
    if (!members) return null;
    if (members.length > 100) return err(400, "The members array exceeds 100 elements");
    for (const m of members) if (m.type === "user" ? !users.has(m.value) : !groups.has(m.value)) return err(400, `member ${m.value} is not in the organization`);
    return null;
  };
  const applyUser = (u: User, b: Record<string, unknown>) => {
    if (typeof b.userName === "string") u.userName = b.userName;
    if (typeof b.displayName === "string") u.displayName = b.displayName;
    if (b.name && typeof b.name === "object") u.name = { ...u.name, ...(b.name as User["name"]) };
    if (typeof b.locale === "string") u.locale = b.locale;
    if (typeof b.timezone === "string") u.timezone = b.timezone;
  };
  const dupUser = (userName: string, except?: string) => [...users.values()].some((u) => u.id !== except && u.userName.toLowerCase() === userName.toLowerCase());

  api.register({
    getServiceProviderConfigs: (): Out => ({
      status: 200,
      body: {
        documentationUrl: "https://developer.goto.com/",
        patch: { supported: true },
        bulk: { supported: false },
        filter: { supported: true },
        changePassword: { supported: false },
        sort: { supported: true },
        etag: { supported: false },
        xmlDataFormat: { supported: false },
        authenticationSchemes: { name: "OAuth Bearer Token", description: "OAuth2 access token", specUrl: "https://tools.ietf.org/html/rfc6750", documentationUrl: "https://developer.goto.com/" },
      },
    }),
    getUsers: (c: Context): Out => {
      const q = c.request.query as Record<string, string>;
      let list = [...users.values()];
      if (q.filter) {
        const f = parseFilter(q.filter, ["userName", "displayName", "name.givenName", "name.familyName"], ["eq", "sw"]);
        if (!f) return err(400, "Invalid filter syntax");
        list = list.filter((u) => matches(readAttr(u, f.attr), f.op, f.value));
      }
      return { status: 200, body: page(list, q) };
    },
    createUsers: (c: Context): Out => {
      const b = c.request.requestBody as Record<string, unknown>;
      if (typeof b.userName !== "string" || !b.userName) return err(400, "The userName field is required.");
      if (dupUser(b.userName)) return err(409, "Username is already in use.");
      const id = String(nextKey++);
      const u: User = { id, userName: "", displayName: "", name: { givenName: "", familyName: "" }, locale: "en_US", timezone: "America/Los_Angeles", meta: { created: new Date().toISOString(), location: loc("Users", id) } };
      applyUser(u, b);
      if (!u.displayName) u.displayName = `${u.name.givenName} ${u.name.familyName}`.trim() || u.userName;
      users.set(id, u);
      return { status: 201, body: u };
    },
    getUser: (c: Context): Out => {
      const u = users.get(String(c.request.params.userKey));
      return u ? { status: 200, body: u } : err(404, "User not found");
    },
    updateUser: (c: Context): Out => {
      const u = users.get(String(c.request.params.userKey));
      if (!u) return err(404, "User not found");
      const b = c.request.requestBody as Record<string, unknown>;
      if (typeof b.userName === "string" && dupUser(b.userName, u.id)) return err(409, "Email address conflict");
      applyUser(u, b);
      return { status: 200, body: u };
    },
    replaceUser: (c: Context): Out => {
      const u = users.get(String(c.request.params.userKey));
      if (!u) return err(404, "User not found");
      const b = c.request.requestBody as Record<string, unknown>;
      if (typeof b.userName !== "string") return err(400, "The userName field is required.");
      applyUser(u, b);
      return { status: 200, body: u };
    },
    deleteUser: (c: Context): Out => {
      const id = String(c.request.params.userKey);
      if (!users.delete(id)) return err(404, "User not found");
      for (const g of groups.values()) g.members = g.members.filter((m) => !(m.type === "user" && m.value === id));
      return { status: 200 };
    },
    getGroups: (c: Context): Out => {
      const q = c.request.query as Record<string, string>;
      let list = [...groups.values()];
      if (q.filter) {
        const f = parseFilter(q.filter, ["displayName"], ["eq", "sw", "co"]);
        if (!f) return err(400, "Invalid filter syntax");
        list = list.filter((g) => matches(g.displayName, f.op, f.value));
      }
      return { status: 200, body: page(list, q) };
    },
    createGroup: (c: Context): Out => {
      const b = c.request.requestBody as { displayName: string; members?: Group["members"] };
      if ([...groups.values()].some((g) => g.displayName === b.displayName)) return err(409, "The displayName is already in use within the organization");
      const bad = checkMembers(b.members);
      if (bad) return bad;
      const id = String(nextKey++);
      const g: Group = { id, displayName: b.displayName, members: (b.members ?? []).map((m) => ({ type: m.type, value: m.value })), meta: { created: new Date().toISOString(), location: loc("Groups", id) } };
      groups.set(id, g);
      return { status: 201, body: g };
    },
    getGroup: (c: Context): Out => {
      const g = groups.get(String(c.request.params.groupKey));
      return g ? { status: 200, body: g } : err(401, "group does not exist in organization");
    },
    updateGroup: (c: Context): Out => {
      const g = groups.get(String(c.request.params.groupKey));
      if (!g) return err(401, "group does not exist in organization");
      const b = c.request.requestBody as { displayName: string; members?: Array<Group["members"][number] & { operation?: string }> };
      const adds = (b.members ?? []).filter((m) => m.operation !== "delete");
      const bad = checkMembers(b.members);
      if (bad) return bad;
      g.displayName = b.displayName;
      const removes = new Set((b.members ?? []).filter((m) => m.operation === "delete").map((m) => m.value));
      // The replace reading: a PATCH carrying members sets the whole list.
      if ((opts.memberPatch ?? "replace") === "replace" && b.members !== undefined) g.members = [];
      g.members = g.members.filter((m) => !removes.has(m.value));
      for (const m of adds) if (!g.members.some((x) => x.value === m.value)) g.members.push({ type: m.type, value: m.value });
      return { status: 200, body: g };
    },
    replaceGroup: (c: Context): Out => {
      const g = groups.get(String(c.request.params.groupKey));
      if (!g) return err(401, "group does not exist in organization");
      const b = c.request.requestBody as { displayName: string; members?: Group["members"] };
      const bad = checkMembers(b.members);
      if (bad) return bad;
      g.displayName = b.displayName;
      g.members = (b.members ?? []).map((m) => ({ type: m.type, value: m.value }));
      return { status: 200, body: g };
    },
    deleteGroup: (c: Context): Out => (groups.delete(String(c.request.params.groupKey)) ? { status: 200 } : err(401, "group does not exist in organization")),
    validationFail: (c: Context): Out => {
      violations.push({ method: c.request.method, path: c.request.path, operationId: c.operation?.operationId, errors: c.validation.errors, body: c.request.requestBody });
      return err(400, "Request does not match the published API");
    },
    notFound: (c: Context): Out => {
      violations.push({ method: c.request.method, path: c.request.path, errors: "no such path in the published API", body: c.request.requestBody });
      return err(404, "Not found");
    },
    notImplemented: (c: Context): Out => err(501, `not implemented: ${c.operation?.operationId}`),
  });
  // Authorization runs after validation (malformed requests are always caught as violations)
  // and before any operation handler, so an unauthorised request never changes state.
  type Access = { authorised: boolean; teamAdmin: boolean };
  const unguarded = new Set(["validationFail", "notFound", "notImplemented"]);
  for (const [operationId, handler] of Object.entries(api.handlers)) {
    if (unguarded.has(operationId)) continue;
    api.register(operationId, (c: Context, access: Access): Out => {
      if (!access.authorised) return err(401, "Client is not sufficiently authorized");
      if (!access.teamAdmin) return err(403, "Requires ROLE_ORG_WRITE");
      return handler!(c, access) as Out;
    });
  }
  await api.init();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const text = await readBody(req);
    const rec: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: undefined, headers: recordHeaders(req.headers), at: Date.now() };
    requests.push(rec);
    const send = (status: number, body?: unknown) => {
      rec.status = status;
      res.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const isToken = url.pathname === "/oauth/v2/token";
    const fault = faults.take(method, url.pathname, isToken);
    if (fault && (await applyFault(fault, res, "application/json"))) return;

    if (isToken && method === "POST") {
      // GoTo's legacy password grant: client credentials in Basic auth, admin username/password in the form
      const form = new URLSearchParams(text);
      rec.body = Object.fromEntries([...form].map(([k, v]) => [k, /password|secret/i.test(k) ? "[redacted]" : v]));
      if (opts.clientId) {
        const want = `Basic ${Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret ?? "")}`).toString("base64")}`;
        if (req.headers.authorization !== want) return send(401, { error: "invalid_client" });
      }
      if (form.get("grant_type") !== "password") return send(400, { error: "unsupported_grant_type" });
      if (form.get("username") !== admin.username || form.get("password") !== admin.password) return send(400, { error: "invalid_grant", error_description: "Invalid username or password" });
      const token = `goto-${Math.random().toString(36).slice(2)}${Date.now()}`;
      tokens.set(token, now() + (opts.tokenLifetimeSec ?? 3600) * 1000);
      return send(200, { access_token: token, token_type: "Bearer", expires_in: opts.tokenLifetimeSec ?? 3600, account_key: "1", organizer_key: "1" });
    }
    if (!url.pathname.startsWith(API_ROOT)) return send(404, { errors: [{ code: "404", description: "Not found" }] });
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        violations.push({ method, path: url.pathname, errors: "body is not JSON", body: text });
        return send(400, { errors: [{ code: "400", description: "Malformed JSON" }] });
      }
    }
    rec.body = body;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]));
    const apiPath = url.pathname.slice(API_ROOT.length) || "/";
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    const authorised = auth && (tokens.get(auth[1]!) ?? 0) > now();
    try {
      // extra strictness on top of the document: bodies carry only the published properties
      // (checked before the request is handled, so a rejected body changes nothing)
      const op = api.router.matchOperation({ method, path: apiPath, headers, query: {} } as never);
      const schemaName = op && ["createUsers", "updateUser", "replaceUser"].includes(op.operationId ?? "") ? "UserDefinition" : op && ["createGroup", "updateGroup", "replaceGroup"].includes(op.operationId ?? "") ? "GroupDefinition" : undefined;
      const extra = schemaName ? extraProps(body, schemaName) : [];
      if (extra.length) {
        violations.push({ method, path: url.pathname, operationId: op?.operationId, errors: `unknown properties: ${extra.join(", ")}`, body });
        return send(400, { errors: [{ code: "400", description: `Unknown properties: ${extra.join(", ")}` }] });
      }
      const out = (await api.handleRequest({ method, path: apiPath, query: Object.fromEntries(url.searchParams), headers, body }, { authorised: Boolean(authorised), teamAdmin: opts.teamAdmin ?? true })) as Out;
      send(out.status, out.body);
    } catch (e) {
      send(500, { errors: [{ code: "500", description: String(e) }] });
    }
  });
  port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}${API_ROOT}`,
    tokenUrl: `${url}/oauth/v2/token`,
    state: { users, groups },
    requests,
    violations,
    inject: (f, o) => faults.inject(f, o),
    close: () => closeServer(server),
  };
}
