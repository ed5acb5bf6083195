import { useTranslations } from "next-intl";
import { Skeleton } from "@/components/ui/states";

export default function Loading() {
  const t = useTranslations("directory.pages");
  return (
    <div role="status" aria-label={t("loading")} className="space-y-3 p-6">
      <Skeleton className="h-4 w-40" />
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-8 w-full" />
      {Array.from({ length: 8 }, (_, i) => <Skeleton key={i} className="h-6 w-full" />)}
    </div>
  );
}
