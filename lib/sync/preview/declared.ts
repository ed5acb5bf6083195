// Reads what the target declares about its resources: /Schemas when it publishes them
// (GET only), else the connector's documented attributes (GoToMeeting publishes no /Schemas;
// its template lists the attributes it accepts, and only those).
import type { ConnectorTemplate } from "../../connectors";
import type { MappingDocument } from "../../mapping";
import { ScimError, type ScimClient } from "../../scim";
import { fromScimSchemas, fromTargetAttributes, type Declared } from "./schema-checks";

export type TargetDeclarations = { user: Declared; group: Declared; source: "schemas" | "connector" };

const USER_SCHEMAS = ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
const GROUP_SCHEMAS = ["urn:ietf:params:scim:schemas:core:2.0:Group"];

export async function readDeclarations(client: ScimClient, template: ConnectorTemplate, users: MappingDocument, groups: MappingDocument): Promise<TargetDeclarations> {
  const closed = !!client.profile.allowedUserAttributes?.length;
  const fallback: TargetDeclarations = {
    user: fromTargetAttributes(users.targetAttributes.length ? users.targetAttributes : template.targetAttributes.user, closed),
    group: fromTargetAttributes(groups.targetAttributes.length ? groups.targetAttributes : template.targetAttributes.group),
    source: "connector",
  };
  let body: unknown;
  try {
    body = (await client.request("GET", "/Schemas", { noRetry: true })).body;
  } catch (err) {
    if (err instanceof ScimError && err.kind === "auth") throw err;
    return fallback; // no /Schemas (404, 501…): the connector's list is what we know
  }
  const resources = (body as { Resources?: unknown })?.Resources;
  if (!Array.isArray(resources)) return fallback;
  const user = fromScimSchemas(resources, USER_SCHEMAS);
  const group = fromScimSchemas(resources, GROUP_SCHEMAS);
  if (!user.attributes.length) return fallback;
  // Attributes an admin added as custom extensions are declared by the mapping, not the target: keep them.
  const custom = users.targetAttributes.filter((a) => a.custom).map((a) => ({ path: a.name, type: a.type, multiValued: a.multiValued }));
  return { user: { ...user, attributes: [...user.attributes, ...custom] }, group: group.attributes.length ? group : fallback.group, source: "schemas" };
}
