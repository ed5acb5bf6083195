"use client";
// recharts (~130 KB gzip) loads after the page: the Overview's text is not held back by it.
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { LoadingRows } from "@/components/ui/states";

function ChartLoading() {
  const t = useTranslations("apps.home.chart");
  return <LoadingRows rows={3} label={t("loading")} />;
}

export const ActionsChartLazy = dynamic(() => import("./actions-chart").then((m) => m.ActionsChart), { ssr: false, loading: () => <ChartLoading /> });
