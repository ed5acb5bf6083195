"use client";
// recharts (~130 KB gzip) loads after the page: the Overview's text is not held back by it.
import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/ui/states";

export const ActionsChartLazy = dynamic(() => import("./actions-chart").then((m) => m.ActionsChart), { ssr: false, loading: () => <LoadingRows rows={3} label="Loading the chart" /> });
