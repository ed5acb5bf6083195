import { useTranslations } from "next-intl";
import { Skeleton } from "@/components/ui/states";

/** An app blade while its server data loads: title, menu and a few rows. */
export default function Loading() {
  const t = useTranslations("apps.blade");
  return (
    <div role="status" aria-label={t("loading")} className="space-y-4 px-6 py-4">
      <Skeleton className="h-7 w-80" />
      <div className="flex gap-6">
        <div className="w-52 space-y-2">{Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-5 w-40" />)}</div>
        <div className="flex-1 space-y-2">{Array.from({ length: 6 }, (_, i) => <Skeleton key={i} className="h-6 w-full" />)}</div>
      </div>
    </div>
  );
}
