// next-intl format options shared by the portal's tables and blades (issue 18). DATE_TIME is what
// Date#toLocaleString() showed before (en: "12/7/2026, 1:49:30 AM"; zh-CN: "2026/12/7 01:49:30").
import type { DateTimeFormatOptions } from "next-intl";

export const DATE_TIME: DateTimeFormatOptions = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit" };
export const DATE: DateTimeFormatOptions = { year: "numeric", month: "numeric", day: "numeric" };
