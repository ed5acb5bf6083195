// The gallery as the API and the portal show it (lib/connectors holds the templates themselves).
import { listTemplates, templateSummary } from "../connectors";

export type TemplateSummary = ReturnType<typeof templateSummary>;

/** All templates, or those whose name, publisher or description contains q (case-insensitive). */
export function searchTemplates(q?: string): TemplateSummary[] {
  const needle = q?.trim().toLowerCase();
  return listTemplates()
    .filter((t) => !needle || [t.name, t.publisher, t.description].some((s) => s.toLowerCase().includes(needle)))
    .map(templateSummary);
}
