"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";

export type ClientActor = { id: string; email: string; name: string; role: Role };
const Ctx = createContext<ClientActor | null>(null);

export function ActorProvider({ actor, children }: { actor: ClientActor; children: ReactNode }) {
  return <Ctx.Provider value={actor}>{children}</Ctx.Provider>;
}

export function useActor(): ClientActor {
  const a = useContext(Ctx);
  if (!a) throw new Error("useActor outside the portal shell");
  return a;
}

const RANK: Record<Role, number> = { reader: 1, app_admin: 2, global_admin: 3 };
/** Write controls are hidden for roles that may not use them (the server enforces it anyway). */
export function useCan(required: Role): boolean {
  return RANK[useActor().role] >= RANK[required];
}
