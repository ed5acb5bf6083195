// A gallery template's name in the reader's language where the name is prose
// (gallery.templates.<id>.name: "SCIM 2.0 app (non-gallery)"); app names (GoToMeeting, Slack,
// Zoom) have no entry and stay as the template gives them.
import { useTranslations } from "next-intl";

export function useTemplateName(): (templateId: string, name: string) => string {
  const t = useTranslations("gallery");
  return (templateId, name) => {
    const key = `templates.${templateId}.name` as Parameters<typeof t>[0];
    return t.has(key) ? t(key) : name;
  };
}
