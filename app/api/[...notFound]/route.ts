// Any /api path no route matches: a JSON 404 instead of an HTML page.
import { NextResponse } from "next/server";

const notFound = async () => NextResponse.json({ error: { code: "not_found", message: "No such API route. See /api/v1/openapi.json." } }, { status: 404 });
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
