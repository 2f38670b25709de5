/**
 * What `npm run deploy:check` refuses to ship, as pure checks over a worker's config text and its
 * dry-run bundle: development-only settings and routes must never reach a deployed worker.
 */

/** Strings only the development routes contain (workers/gateway/dev-routes.ts). */
const DEV_ROUTE_MARKS = ["/dev/codes/", "/dev/core-send", "/dev/baseline/"];

/**
 * Every place a wrangler config sets DEV_MODE: `[vars]`, any `[env.<name>]` or `[env.<name>.vars]`
 * section, or an inline `vars = { DEV_MODE = … }`. Comments do not count. DEV_MODE belongs in the
 * git-ignored .dev.vars of a development machine only.
 */
export function devModeInConfig(toml: string): string[] {
  const found: string[] = [];
  let section = "(top level)";
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) section = `[${header[1]}]`;
    else if (/(^|[{,\s])"?DEV_MODE"?\s*=/.test(line)) found.push(section);
  }
  return found;
}

/** The development routes a bundle still carries (a production build must carry none). */
export function devRoutesInBundle(js: string): string[] {
  return DEV_ROUTE_MARKS.filter((m) => js.includes(m));
}
