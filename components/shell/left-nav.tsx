"use client";
import { AppWindow, FileClock, Home, ScrollText, Settings, Users, UsersRound } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const items = [
  { href: "/", label: "Overview", icon: Home },
  { href: "/users", label: "Users", icon: Users },
  { href: "/groups", label: "Groups", icon: UsersRound },
  { href: "/apps", label: "Enterprise applications", icon: AppWindow },
  { href: "/provisioning-logs", label: "Provisioning logs", icon: ScrollText },
  { href: "/audit-logs", label: "Audit logs", icon: FileClock },
  { href: "/settings", label: "Settings", icon: Settings },
];

export function LeftNav() {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="w-56 shrink-0 border-r border-gray-200 bg-[#fafafa] py-2">
      <ul>
        {items.map(({ href, label, icon: Icon }) => {
          const active = href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link href={href} aria-current={active ? "page" : undefined} className={cn("flex items-center gap-2.5 px-4 py-2 text-sm hover:bg-gray-200", active && "border-l-2 border-[#0f6cbd] bg-gray-200 font-semibold")}>
                <Icon size={16} aria-hidden className="text-[#0f6cbd]" /> {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
