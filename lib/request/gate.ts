// Refuses malformed requests before Next routes them (installed at server start by
// instrumentation.ts, like the peer stamp): dot segments, encoded slashes and bad
// percent-encoding in the path (lib/request/raw-url.ts), and a router-state header Next cannot
// parse. Next would route such requests to another handler, or answer them with a 500.
import http from "node:http";
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";
import { SCIM_ERROR_SCHEMA } from "../scim-server/errors";
import { rawTargetProblem } from "./raw-url";
import { SECURITY_HEADERS } from "./security-headers";

const ROUTER_STATE = "next-router-state-tree";

/** Why Next could not handle this request, or null. */
export function requestProblem(url: string, routerState: string | string[] | undefined): string | null {
  const problem = rawTargetProblem(url);
  if (problem) return problem;
  if (routerState !== undefined) {
    try {
      parseAndValidateFlightRouterState(routerState);
    } catch {
      return "The Next-Router-State-Tree header is malformed.";
    }
  }
  return null;
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, message: string) {
  const scim = (req.url ?? "").startsWith("/scim/");
  const body = scim ? { schemas: [SCIM_ERROR_SCHEMA], status: "400", scimType: "invalidValue", detail: message } : { error: { code: "bad_request", message } };
  const headers: Record<string, string> = { "content-type": `${scim ? "application/scim+json" : "application/json"}; charset=utf-8`, "cache-control": "no-store" };
  for (const h of SECURITY_HEADERS) headers[h.key] = h.value;
  res.writeHead(400, headers);
  res.end(JSON.stringify(body));
}

let installed = false;

export function installRequestGate() {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const problem = requestProblem(req.url ?? "/", req.headers[ROUTER_STATE]);
      if (problem) {
        refuse(req, res, problem);
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
