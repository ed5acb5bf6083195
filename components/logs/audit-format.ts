// Audit log entries in words: activity names and before/after values as an admin reads them.
// The raw code stays visible beside the name (it is what the Activity filter matches).

const ACTIVITY: Record<string, string> = {
  "admin.create": "Add administrator", "admin.delete": "Remove administrator", "admin.update": "Update administrator",
  "app.create": "Add application", "app.delete": "Delete application", "app.update": "Update application properties",
  "app.assignment.add": "Assign user or group", "app.assignment.remove": "Remove assignment",
  "auth.lockout": "Sign-in locked out", "auth.lockout.clear": "Clear sign-in lockout",
  "group.create": "Add group", "group.delete": "Delete group", "group.update": "Update group",
  "group.members_add": "Add group members", "group.members_remove": "Remove group members", "group.members_replace": "Replace group members",
  "mapping.update": "Update attribute mappings",
  "provisioning.update": "Update provisioning settings", "provisioning.credentials.update": "Update admin credentials",
  "provisioning.start": "Start provisioning", "provisioning.stop": "Stop provisioning", "provisioning.restart": "Restart provisioning",
  "provisioning.allow_deletions": "Allow deletions", "provisioning.provision_on_demand": "Provision on demand",
  "provisioning.configuration.apply": "Apply provisioning configuration", "provisioning.preview": "Preview provisioning", "provisioning.preview.apply": "Apply a preview plan",
  "provisioning.test_connection": "Test Connection",
  "scim_token.create": "Create SCIM token", "scim_token.revoke": "Revoke SCIM token",
  "settings.notifications_update": "Update notifications and retention",
  "user.create": "Add user", "user.delete": "Delete user", "user.update": "Update user", "user.import": "Bulk import users", "user.enable": "Enable user", "user.disable": "Disable user",
};

export function activityName(code: string): string {
  return ACTIVITY[code] ?? code;
}

const FIELD: Record<string, string> = {
  mode: "Provisioning Mode", status: "Provisioning Status", scope: "Scope", notificationEmail: "Notification Email", sendFailureEmails: "Send failure emails",
  preventAccidentalDeletion: "Prevent accidental deletion", accidentalDeletionThreshold: "Accidental deletion threshold", intervalMinutes: "Sync interval (minutes)",
  displayName: "Name", userPrincipalName: "User principal name", accountEnabled: "Account enabled", tenantUrl: "Tenant URL", secretToken: "Secret Token",
  adminUsername: "Admin Username", adminPassword: "Admin Password", tokenUrl: "Token URL", baseUrl: "API base URL", clientId: "Client ID", clientSecret: "Client secret",
  fromAddress: "From address", retentionDays: "Keep provisioning logs for (days)",
};

export function fieldName(key: string): string {
  return FIELD[key] ?? key;
}

const VALUE: Record<string, Record<string, string>> = {
  mode: { manual: "Manual", automatic: "Automatic" }, status: { on: "On", off: "Off" },
  scope: { assigned: "Sync only assigned users and groups", all: "Sync all users and groups" },
};

/** A value as words: secrets as Set / Not set (their values are never logged), booleans as Yes / No, lists and objects compactly. */
export function valueText(key: string, v: unknown): string {
  if (v === undefined || v === null || v === "") return "—";
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "set" in v) return (v as { set: unknown }).set ? "Set (hidden)" : "Not set";
  if (typeof v === "string") return VALUE[key]?.[v] ?? v;
  if (typeof v === "number") return v.toLocaleString();
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ");
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${fieldName(k)}: ${valueText(k, x)}`).join("; ");
}
