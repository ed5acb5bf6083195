import { ActorProvider } from "@/components/shell/actor-context";
import { LeftNav } from "@/components/shell/left-nav";
import { TopBar } from "@/components/shell/top-bar";
import { getTranslations } from "next-intl/server";
import { cookies } from "next/headers";
import { requirePageActor } from "@/lib/auth/page-session";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const actor = await requirePageActor();
  const t = await getTranslations("shell");
  // next-auth's double-submit CSRF cookie ("token|hash"; __Host- prefixed over https): its token lets
  // Sign out work as a plain form post, before the page's JavaScript has loaded.
  const jar = await cookies();
  const csrfToken = (jar.get("__Host-next-auth.csrf-token") ?? jar.get("next-auth.csrf-token"))?.value.split("|")[0];
  return (
    <ActorProvider actor={{ id: actor.id, email: actor.email, name: actor.name, role: actor.role }}>
      {/* first tab stop of every page: past the top bar and the navigation */}
      <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 text-sm font-semibold text-[#0f6cbd] shadow focus:not-sr-only focus:fixed focus:left-2 focus:top-2">{t("skipToMain")}</a>
      <div className="flex h-screen flex-col">
        <TopBar csrfToken={csrfToken} />
        <div className="flex min-h-0 flex-1">
          <LeftNav />
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 overflow-auto focus:outline-none">{children}</main>
        </div>
      </div>
    </ActorProvider>
  );
}
