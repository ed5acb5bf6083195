import { useTranslations } from "next-intl";
import { LoadingRows } from "@/components/ui/states";

export default function Loading() {
  const t = useTranslations("shell");
  return <div className="p-6"><LoadingRows rows={8} label={t("loadingPage")} /></div>;
}
