/**
 * Every file the build writes stays inside its output folder: the two places that choose a path
 * from the mesh check it here. Ids follow one pattern (the kinds' schemas), but a page or file is
 * not written on the strength of a schema alone: an id that reached this far with `/`, `..` or
 * the like is refused, not written somewhere else.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Whether `path` is inside `folder` (and not the folder itself). */
export function insideFolder(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(folder, path));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** `path` resolved inside `folder`; throws, naming both, when it would land outside. */
export function pathInside(folder: string, path: string): string {
  if (path.includes('\0') || !insideFolder(folder, path)) throw new Error(`refusing to write ${JSON.stringify(path)}: it is outside the output folder ${folder}`);
  return resolve(folder, path);
}

/** The pattern every kind's id follows (bot/core/kinds/*.schema.json, `$defs/Id`). */
const PAGE_SEGMENT = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Whether an id may name a page's folder: one path segment, never `.` or `..`. */
export const isPageSegment = (id: unknown): id is string => typeof id === 'string' && PAGE_SEGMENT.test(id);

/**
 * Astro's static paths for a page per item: only items whose id is a page segment get one (links
 * to the others are then dead rather than pointing elsewhere); the rest are named on stderr.
 */
export function pagesFor<T, P>(route: string, items: readonly T[], idOf: (item: T) => string, page: (item: T, id: string) => P): P[] {
  const pages: P[] = [];
  for (const item of items) {
    const id = idOf(item);
    if (isPageSegment(id)) pages.push(page(item, id));
    else console.warn(`warning: no ${route} page for ${JSON.stringify(id)}: an id is lower-case letters, digits, '.', '_' and '-', starting with a letter or digit`);
  }
  return pages;
}
