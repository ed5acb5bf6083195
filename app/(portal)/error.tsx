"use client";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/states";

export default function PortalError({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("shell.error");
  return (
    <div className="p-6">
      <ErrorState title={t("title")} message={t("message")} action={<Button className="mt-2" onClick={reset}>{t("tryAgain")}</Button>} />
    </div>
  );
}
