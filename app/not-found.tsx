import Link from "next/link";

export default function NotFound() {
  return (
    <div className="p-10">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm">The page or object you asked for does not exist (or was deleted). <Link className="link" href="/">Go to the overview</Link>.</p>
    </div>
  );
}
