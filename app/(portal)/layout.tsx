import { ActorProvider } from "@/components/shell/actor-context";
import { LeftNav } from "@/components/shell/left-nav";
import { TopBar } from "@/components/shell/top-bar";
import { requirePageActor } from "@/lib/auth/page-session";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor();
  return (
    <ActorProvider actor={{ id: actor.id, email: actor.email, name: actor.name, role: actor.role }}>
      <div className="flex h-screen flex-col">
        <TopBar />
        <div className="flex min-h-0 flex-1">
          <LeftNav />
          <main id="main" className="min-w-0 flex-1 overflow-auto">{children}</main>
        </div>
      </div>
    </ActorProvider>
  );
}
