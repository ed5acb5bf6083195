// The schemas this service provider publishes (RFC 7643 §7/§8.7): only the
// attributes Provisio stores, so /Schemas tells a client exactly what sticks.
// caseExact here also drives filter comparison (userName is case-insensitive).

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** Provisio's own extension: the directory's free-form extension attributes (DirectoryUser.extensionAttributes). */
export const PROVISIO_SCHEMA = "urn:provisio:params:scim:schemas:extension:2.0:User";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/** Page size cap for list responses (advertised as filter.maxResults). */
export const MAX_RESULTS = 500;
export const DEFAULT_COUNT = 100;
export const MAX_OPERATIONS = 1000;

type Attr = {
  name: string;
  type: "string" | "boolean" | "complex" | "reference" | "dateTime" | "integer";
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  subAttributes?: Attr[];
  referenceTypes?: string[];
  canonicalValues?: string[];
};

const a = (name: string, description: string, o: Partial<Attr> = {}): Attr => ({
  name, type: "string", multiValued: false, description, required: false, caseExact: false,
  mutability: "readWrite", returned: "default", uniqueness: "none", ...o,
});

const userAttributes: Attr[] = [
  a("userName", "Unique identifier for the user; stored as userPrincipalName (user@domain).", { required: true, uniqueness: "server" }),
  a("name", "The components of the user's name.", {
    type: "complex",
    subAttributes: [
      a("givenName", "Given name (directory givenName)."),
      a("familyName", "Family name (directory surname)."),
      a("formatted", "Read-only: given and family name joined.", { mutability: "readOnly" }),
    ],
  }),
  a("displayName", "Name shown for the user."),
  a("nickName", "Stored as the directory's mailNickname (no spaces)."),
  a("title", "Job title (directory jobTitle)."),
  a("active", "Whether the account is enabled (directory accountEnabled).", { type: "boolean" }),
  a("emails", "Only one address is stored (directory mail): the work address, else the primary, else the first.", {
    multiValued: true, type: "complex",
    subAttributes: [
      a("value", "Email address."),
      a("type", "Always \"work\" when read.", { canonicalValues: ["work", "home", "other"] }),
      a("primary", "Always true when read.", { type: "boolean" }),
    ],
  }),
];

const enterpriseAttributes: Attr[] = [
  a("employeeNumber", "Directory employeeId."),
  a("department", "Directory department."),
  a("manager", "The user's manager (directory managerId).", {
    type: "complex",
    subAttributes: [
      a("value", "Id of the manager's User resource.", { caseExact: true }),
      a("$ref", "URI of the manager's User resource.", { type: "reference", referenceTypes: ["User"], mutability: "readOnly" }),
      a("displayName", "Manager's displayName.", { mutability: "readOnly" }),
    ],
  }),
];

const provisioAttributes: Attr[] = Array.from({ length: 15 }, (_, i) =>
  a(`extensionAttribute${i + 1}`, "Directory extension attribute. Any name of 1–64 letters, digits or _ is accepted, not only these.", { caseExact: true }));

const groupAttributes: Attr[] = [
  a("displayName", "Group name; unique (case-insensitive) among groups.", { required: true, uniqueness: "server" }),
  a("members", "Members: users only; value is the member's User id.", {
    type: "complex", multiValued: true,
    subAttributes: [
      a("value", "Id of a User resource.", { caseExact: true, mutability: "immutable" }),
      a("$ref", "URI of the member.", { type: "reference", referenceTypes: ["User"], mutability: "immutable" }),
      a("display", "Member's displayName.", { mutability: "readOnly" }),
      a("type", "Always \"User\".", { mutability: "immutable", canonicalValues: ["User"] }),
    ],
  }),
];

export function schemaDefinitions(base: string) {
  const def = (id: string, name: string, description: string, attributes: Attr[]) => ({
    schemas: [SCHEMA_SCHEMA], id, name, description, attributes,
    meta: { resourceType: "Schema", location: `${base}/Schemas/${id}` },
  });
  return [
    def(USER_SCHEMA, "User", "User Account", userAttributes),
    def(ENTERPRISE_SCHEMA, "EnterpriseUser", "Enterprise User", enterpriseAttributes),
    def(PROVISIO_SCHEMA, "ProvisioUser", "Provisio directory extension attributes", provisioAttributes),
    def(GROUP_SCHEMA, "Group", "Group", groupAttributes),
  ];
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA], id: "User", name: "User", endpoint: "/Users", description: "User Account", schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }, { schema: PROVISIO_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA], id: "Group", name: "Group", endpoint: "/Groups", description: "Group", schema: GROUP_SCHEMA, schemaExtensions: [],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` },
    },
  ];
}

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: "https://github.com/provisio/provisio/blob/main/docs/inbound-scim.md",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: "oauthbearertoken", name: "Bearer token", description: "A SCIM token created in Provisio under Settings → SCIM tokens, sent as Authorization: Bearer <token>.", primary: true },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

function flatten(attrs: Attr[]): Map<string, Attr> {
  const m = new Map<string, Attr>();
  for (const at of attrs) {
    m.set(at.name.toLowerCase(), at);
    for (const s of at.subAttributes ?? []) m.set(`${at.name}.${s.name}`.toLowerCase(), s);
  }
  return m;
}
const USER_ATTRS = flatten([...userAttributes, ...enterpriseAttributes]);
const GROUP_ATTRS = flatten(groupAttributes);
// Attributes common to every resource (RFC 7643 §3.1): id and externalId are caseExact.
const COMMON_CASE_EXACT = new Set(["id", "externalid", "meta.version", "meta.location"]);

export const userCaseExact = (name: string) => COMMON_CASE_EXACT.has(name) || (USER_ATTRS.get(name)?.caseExact ?? name.startsWith("extensionattribute"));
export const groupCaseExact = (name: string) => COMMON_CASE_EXACT.has(name) || (GROUP_ATTRS.get(name)?.caseExact ?? false);
