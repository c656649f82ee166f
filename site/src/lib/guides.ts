/**
 * The MDX guides (collection `guides`, src/content/guides) in reading order.
 */
export interface GuideEntry {
  id: string;
  data: { title: string; description: string; order?: number };
}

export function sortGuides<T extends GuideEntry>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (a.data.order ?? 100) - (b.data.order ?? 100) || a.id.localeCompare(b.id));
}
