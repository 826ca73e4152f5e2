/**
 * The proxy's own refusals, in the API's error body (`{"error": {"message", "code"}}`), so
 * the client in the browser raises the usual typed error (401 → `AuthenticationError`,
 * 403 → `PermissionDeniedError`, …). The one place a proxy error is built.
 */
export function errorResponse(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { message, code } }), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}
