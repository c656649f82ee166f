import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

// The how-to guides; `order` sets their place in the guide list.
const guides = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/guides', generateId: ({ entry }) => entry.replace(/\.mdx$/, '') }),
  schema: z.object({ title: z.string(), description: z.string(), order: z.number().default(100) }),
});

export const collections = { guides };
