// Bulk actions from the Users list's command bar. Each action is one
// transaction over at most 1,000 users (the request limit), so it either
// happens for all the selected users or for none.
import type { z } from "zod";
import type { Actor } from "../auth/roles";
import { addMembers, removeMembers } from "./groups";
import type { bulkUserActionSchema } from "./schemas";
import { deleteUsers, setUsersEnabled, type WriteOpts } from "./users";

export async function bulkUsers(actor: Actor, body: z.output<typeof bulkUserActionSchema>, opts: WriteOpts = {}): Promise<{ action: string; affected: number; ids: string[] }> {
  let ids: string[];
  switch (body.action) {
    case "disable": ids = await setUsersEnabled(actor, body.userIds, false, opts); break;
    case "enable": ids = await setUsersEnabled(actor, body.userIds, true, opts); break;
    case "delete": ids = await deleteUsers(actor, body.userIds, opts); break;
    case "addToGroup": ids = (await addMembers(actor, body.groupId!, body.userIds, opts)).added; break;
    case "removeFromGroup": ids = (await removeMembers(actor, body.groupId!, body.userIds, opts)).removed; break;
  }
  return { action: body.action, affected: ids.length, ids };
}
