"use client";
import { LogOut, UserCircle2 } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { ROLE_LABEL } from "@/lib/auth/roles";
import { useActor } from "./actor-context";

export function TopBar() {
  const actor = useActor();
  return (
    <header className="flex h-10 items-center justify-between bg-[#0f6cbd] px-4 text-white">
      <Link href="/" className="text-sm font-semibold tracking-wide">Provisio <span className="font-normal opacity-80">| Identity provisioning</span></Link>
      <div className="flex items-center gap-3 text-sm">
        <span className="flex items-center gap-1.5" data-testid="signed-in-admin">
          <UserCircle2 size={18} aria-hidden />
          <span>{actor.email}</span>
          <span className="opacity-75">({ROLE_LABEL[actor.role]})</span>
        </span>
        <button type="button" onClick={() => signOut({ callbackUrl: "/signin" })} className="flex items-center gap-1 rounded px-2 py-1 hover:bg-white/15">
          <LogOut size={14} aria-hidden /> Sign out
        </button>
      </div>
    </header>
  );
}
