// App Overview: properties, provisioning state, and Entra's "Getting Started" quick links.
import { Users, RefreshCcw } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/states";
import type { AppView, ProvisioningView } from "@/lib/apps/schemas";

export function AppOverview({ app, provisioning, assignmentCount }: { app: AppView; provisioning: ProvisioningView; assignmentCount: number }) {
  const base = `/apps/${app.id}`;
  return (
    <div className="max-w-5xl space-y-6">
      <section aria-labelledby="props-h" className="flex flex-col gap-4 sm:flex-row">
        {/* eslint-disable-next-line @next/next/no-img-element -- inline SVG data URI */}
        {app.logo && <img src={app.logo} alt="" width={72} height={72} className="rounded" />}
        <div className="flex-1">
          <h2 id="props-h" className="mb-2 text-base font-semibold">Properties</h2>
          <dl className="grid grid-cols-[minmax(7rem,12rem)_minmax(0,1fr)] gap-x-4 break-words gap-y-1 text-sm">
            <dt className="text-gray-600">Name</dt><dd>{app.displayName}</dd>
            <dt className="text-gray-600">Application ID</dt><dd className="break-all font-mono text-xs">{app.id}</dd>
            <dt className="text-gray-600">Gallery application</dt><dd>{app.templateName} ({app.publisher})</dd>
            <dt className="text-gray-600">Created on</dt><dd>{new Date(app.createdAt).toLocaleString()}</dd>
            <dt className="text-gray-600">Users and groups assigned</dt><dd>{assignmentCount}</dd>
          </dl>
        </div>
      </section>
      <section aria-labelledby="prov-h">
        <h2 id="prov-h" className="mb-2 text-base font-semibold">Provisioning</h2>
        <dl className="grid grid-cols-[minmax(7rem,12rem)_minmax(0,1fr)] gap-x-4 break-words gap-y-1 text-sm">
          <dt className="text-gray-600">Provisioning Mode</dt><dd>{provisioning.mode === "automatic" ? "Automatic" : "Manual"}</dd>
          <dt className="text-gray-600">Provisioning Status</dt>
          <dd data-testid="overview-provisioning-status">{provisioning.status === "on" ? <Badge tone="good">On</Badge> : <Badge>Off</Badge>}</dd>
          <dt className="text-gray-600">Admin Credentials</dt><dd>{provisioning.credentialsSaved ? "Saved" : "Not set"}</dd>
          <dt className="text-gray-600">Last Test Connection</dt>
          <dd>{provisioning.lastTestAt ? <>{provisioning.lastTestOk ? <Badge tone="good">Succeeded</Badge> : <Badge tone="bad">Failed</Badge>} {new Date(provisioning.lastTestAt).toLocaleString()}</> : "Never"}</dd>
          <dt className="text-gray-600">Scope</dt><dd>{provisioning.scope === "all" ? "Sync all users and groups" : "Sync only assigned users and groups"}</dd>
        </dl>
      </section>
      <section aria-labelledby="start-h">
        <h2 id="start-h" className="mb-2 text-base font-semibold">Getting Started</h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          <li>
            <Link href={`${base}/users-and-groups`} className="flex h-full gap-3 rounded border border-gray-300 p-4 hover:border-[#0f6cbd] hover:shadow">
              <Users className="shrink-0 text-[#0f6cbd]" aria-hidden />
              <span>
                <span className="block font-semibold text-[#0f6cbd]">1. Assign users and groups</span>
                <span className="block text-sm text-gray-700">Provide specific users and groups access to the application. Only they are provisioned.</span>
              </span>
            </Link>
          </li>
          <li>
            <Link href={`${base}/provisioning`} className="flex h-full gap-3 rounded border border-gray-300 p-4 hover:border-[#0f6cbd] hover:shadow">
              <RefreshCcw className="shrink-0 text-[#0f6cbd]" aria-hidden />
              <span>
                <span className="block font-semibold text-[#0f6cbd]">2. Provision user accounts</span>
                <span className="block text-sm text-gray-700">Automatically create and delete user accounts in the application.</span>
              </span>
            </Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
