"use client";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/states";

export default function PortalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="p-6">
      <ErrorState title="This page could not be loaded" message="The server could not answer. The error was logged; try again in a moment." action={<Button className="mt-2" onClick={reset}>Try again</Button>} />
    </div>
  );
}
