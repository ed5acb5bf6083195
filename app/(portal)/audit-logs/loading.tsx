import { LoadingRows } from "@/components/ui/states";

export default function Loading() {
  return <div className="p-6"><LoadingRows rows={10} label="Loading audit logs" /></div>;
}
