"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";

export function Providers({ children }: { children: ReactNode }) {
  const t = useTranslations("shell.ui");
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={client}>
      {children}
      {/* below the top bar: toasts must not cover the user name and Sign out */}
      <Toaster position="top-right" offset={{ top: 52, right: 16 }} mobileOffset={{ top: 48, left: 8, right: 8 }} richColors closeButton containerAriaLabel={t("toasts")} toastOptions={{ closeButtonAriaLabel: t("closeToast") }} />
    </QueryClientProvider>
  );
}
