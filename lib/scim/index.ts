/**
 * lib/scim — outbound SCIM 2.0 client (pure: no Prisma, no Next.js).
 *
 * Build a client
 *   new ScimClient({ baseUrl, auth, profile?, allowPrivate?, dryRun?, retry?, timeoutMs?, onRequest?, discoveryCache? })
 *   (for an app, prefer `buildClientForApp()` from lib/connectors: template + credentials + overrides)
 *   auth: { type: "bearer", token } | { type: "basic", username, password }
 *       | { type: "oauth2_client_credentials", tokenUrl, clientId, clientSecret, scope?, clientAuth?, extraParams? }
 *       | { type: "oauth2_password", tokenUrl, username, password, clientId?, clientSecret?, scope? }
 *   Tokens are cached, refreshed before expiry and once after a 401.
 *
 * Chokepoint
 *   client.request(method, path, { body?, query?, noRetry? }) → { status, headers, body, attempts }
 *   Throws ScimError { kind: "transient"|"permanent"|"not_found"|"conflict"|"auth", code, status?, retryAfterMs?, … }
 *   (redacted; safe to log via error.toJSON()). Transient errors are retried with exponential
 *   backoff + jitter, honouring Retry-After (seconds or HTTP date) up to retry.maxRetryAfterMs;
 *   a longer wait is returned to the caller as a transient error with retryAfterMs (escrow it).
 *   Per-target concurrency cap + rate limiter that halves on 429. Dry run: mutations are
 *   recorded in client.dryRunLog ({method,url,body}) and never sent; GETs still go out.
 *
 * Resources (type = "Users" | "Groups")
 *   list(type, { filter, startIndex, count, attributes }) → { resources, totalResults, startIndex, itemsPerPage }
 *   listAll(type, { filter, pageSize }) → AsyncGenerator<resource>   (pages until totalResults)
 *   findBy(type, attribute, value) → resource[]                        (escaped eq filter: matching)
 *   get(type, id) → resource | null (404 → null)    create(type, body)    replace(type, id, body)
 *   patch(type, id, body)    delete(type, id) → boolean (false = already gone)
 *   Flat-attribute helpers (what the sync engine uses):
 *   buildResource(type, flat) / createFromFlat(type, flat)
 *   updateFromFlat(type, id, before, after) → requests sent (0 when nothing changed); PATCH ops,
 *     SCIM 1.1 partial objects, or PUT per profile / discovery; membership chunked
 *   updateMembers(groupId, { add, remove }, { displayName? })    disableUser(id) → "patched"|"deleted"|"already_gone"
 *   discover() → ServiceProviderInfo (cached per base URL)    bulkSupported()    bulk(operations)
 *
 * Building blocks
 *   scimFilter.eq("userName", 'o"neil') → userName eq "o\"neil"  (and ne/co/sw/ew/gt/ge/lt/le/pr/and/or/not)
 *   toScimResource(flat, schemas, opts?) / flattenScimResource(resource, paths) / parsePath(path)
 *   buildPatchOperations(before, after, profile?) / buildPatchRequests(...) / buildMemberOperations(diff, profile?)
 *   buildPartialObjectPatches(...) / changedKeys(before, after) / diffMembers(before, after)
 *   resolveProfile(...overrides) / DEFAULT_PROFILE / CompatibilityProfile
 *   testConnection({ ...clientOptions, hints? }) → { ok, code, message, details }
 *   SSRF: isPrivateAddress(ip), assertUrlAllowed(url, { allowPrivate }), createGuardedLookup(...)
 *   classifyStatus(status), parseRetryAfter(value, now), redactValue / redactUrl / redactHeaders
 */
export * from "./errors";
export * from "./filter";
export * from "./profile";
export * from "./paths";
export * from "./patch";
export * from "./auth";
export * from "./client";
export * from "./diagnose";
export { ALLOW_PRIVATE_HINT, SsrfBlockedError, assertUrlAllowed, createGuardedLookup, isPrivateAddress, type SsrfOptions } from "./ssrf";
export { redactHeaders, redactString, redactUrl, redactValue, REDACTED } from "./redact";
export { createTransport, TransportError, type Transport, type RawRequest, type RawResponse } from "./transport";
export { TargetLimiter } from "./limiter";
