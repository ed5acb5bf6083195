import { useTranslations } from "next-intl";
import { LoadingRows } from "@/components/ui/states";

export default function Loading() {
  const t = useTranslations("audit.page");
  return <div className="p-6"><LoadingRows rows={10} label={t("loading")} /></div>;
}
