// Pages need a session: without one, redirect to /signin (API routes answer 401 JSON themselves).
import { withAuth } from "next-auth/middleware";

export default withAuth({ pages: { signIn: "/signin" } });

export const config = {
  matcher: ["/((?!api/|scim/|signin|metrics|_next/|favicon.ico|logos/|robots.txt).*)"],
};
