// The message catalogues, one JSON file per namespace and language (issue 18), imported statically
// so bundlers (Next.js, tsx for the worker) include them. Add a namespace: create
// en/<ns>.json and zh-CN/<ns>.json, import both here and list them in CATALOGUES.
import type { Locale } from "../locales";
import enAdmins from "./en/admins.json";
import zhAdmins from "./zh-CN/admins.json";
import enApps from "./en/apps.json";
import zhApps from "./zh-CN/apps.json";
import enAudit from "./en/audit.json";
import zhAudit from "./zh-CN/audit.json";
import enCommon from "./en/common.json";
import zhCommon from "./zh-CN/common.json";
import enConfiguration from "./en/configuration.json";
import zhConfiguration from "./zh-CN/configuration.json";
import enCredentials from "./en/credentials.json";
import zhCredentials from "./zh-CN/credentials.json";
import enDiagnose from "./en/diagnose.json";
import zhDiagnose from "./zh-CN/diagnose.json";
import enDirectory from "./en/directory.json";
import zhDirectory from "./zh-CN/directory.json";
import enEmail from "./en/email.json";
import zhEmail from "./zh-CN/email.json";
import enErrors from "./en/errors.json";
import zhErrors from "./zh-CN/errors.json";
import enGallery from "./en/gallery.json";
import zhGallery from "./zh-CN/gallery.json";
import enLog from "./en/log.json";
import zhLog from "./zh-CN/log.json";
import enLogs from "./en/logs.json";
import zhLogs from "./zh-CN/logs.json";
import enMappings from "./en/mappings.json";
import zhMappings from "./zh-CN/mappings.json";
import enProvisioning from "./en/provisioning.json";
import zhProvisioning from "./zh-CN/provisioning.json";
import enQuarantine from "./en/quarantine.json";
import zhQuarantine from "./zh-CN/quarantine.json";
import enScimTokens from "./en/scimTokens.json";
import zhScimTokens from "./zh-CN/scimTokens.json";
import enSettings from "./en/settings.json";
import zhSettings from "./zh-CN/settings.json";
import enShell from "./en/shell.json";
import zhShell from "./zh-CN/shell.json";
import enSignin from "./en/signin.json";
import zhSignin from "./zh-CN/signin.json";
import enSync from "./en/sync.json";
import zhSync from "./zh-CN/sync.json";

const en = {
  admins: enAdmins,
  apps: enApps,
  audit: enAudit,
  common: enCommon,
  configuration: enConfiguration,
  credentials: enCredentials,
  diagnose: enDiagnose,
  directory: enDirectory,
  email: enEmail,
  errors: enErrors,
  gallery: enGallery,
  log: enLog,
  logs: enLogs,
  mappings: enMappings,
  provisioning: enProvisioning,
  quarantine: enQuarantine,
  scimTokens: enScimTokens,
  settings: enSettings,
  shell: enShell,
  signin: enSignin,
  sync: enSync,
};

/** The English catalogue is the reference: its shape is the type every other language has. */
export type Messages = typeof en;
export type Namespace = keyof Messages;

const zhCN: Messages = {
  admins: zhAdmins,
  apps: zhApps,
  audit: zhAudit,
  common: zhCommon,
  configuration: zhConfiguration,
  credentials: zhCredentials,
  diagnose: zhDiagnose,
  directory: zhDirectory,
  email: zhEmail,
  errors: zhErrors,
  gallery: zhGallery,
  log: zhLog,
  logs: zhLogs,
  mappings: zhMappings,
  provisioning: zhProvisioning,
  quarantine: zhQuarantine,
  scimTokens: zhScimTokens,
  settings: zhSettings,
  shell: zhShell,
  signin: zhSignin,
  sync: zhSync,
};

const CATALOGUES: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export const NAMESPACES = Object.keys(en) as Namespace[];

export function loadMessages(locale: Locale): Messages {
  return CATALOGUES[locale];
}
