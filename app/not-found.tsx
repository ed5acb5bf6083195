import Link from "next/link";
import { useTranslations } from "next-intl";

export default function NotFound() {
  const t = useTranslations("shell.notFound");
  return (
    <div className="p-10">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-sm">{t.rich("message", { link: (chunks) => <Link className="link" href="/">{chunks}</Link> })}</p>
    </div>
  );
}
