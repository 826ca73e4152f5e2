/** True in a page (a `document` exists): never on the server, where nothing may start. */
export function inBrowser(): boolean {
  return typeof document !== 'undefined'
}
