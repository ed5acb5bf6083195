// /scim/v2/* – the inbound SCIM 2.0 service provider (Users, Groups, discovery); see docs/inbound-scim.md
import { scimHandler } from "@/lib/scim-server/router";

export const dynamic = "force-dynamic";
export { scimHandler as GET, scimHandler as POST, scimHandler as PUT, scimHandler as PATCH, scimHandler as DELETE };
