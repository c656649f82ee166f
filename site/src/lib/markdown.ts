/**
 * A product's README rendered with Astro's own Markdown pipeline. Headings move down one level
 * (the page owns the h1), and anything that would run script is dropped: the catalog ships no
 * JavaScript but search, whatever a README contains.
 */
import { createMarkdownProcessor, type MarkdownProcessor } from '@astrojs/markdown-remark';
import { safeLinkUrl, textMisleads } from './urls.ts';

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  value?: string;
}

const DROPPED = new Set(['script', 'style', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'link', 'meta', 'base', 'svg', 'math', 'frame', 'frameset', 'applet', 'template']);
/** hast property names that hold a URL the browser follows or loads. */
const URL_PROPERTY = /^(?:href|src|action|formAction|xLinkHref|xlinkHref|poster|background|cite|ping|srcSet|data|codebase|manifest|longDesc|dynsrc|lowsrc)$/i;

/** README anchors get this prefix: a heading cannot take the id of the page's own sections. */
export const README_ANCHOR_PREFIX = 'readme-';

/**
 * A README link or image source as it may stay: a relative URL, or an absolute https:, http: or
 * mailto: one (images: https: or http:). Resolved the way the browser will, so no spelling of
 * `javascript:` passes.
 */
function allowedUrl(value: string, image: boolean): boolean {
  try {
    const url = new URL(value, 'https://relative.invalid/');
    return image ? url.protocol === 'https:' || url.protocol === 'http:' : safeLinkUrl(url.href) !== undefined;
  } catch {
    return false;
  }
}

const textOf = (node: HastNode): string => (node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textOf).join(''));

/** GitHub's heading slugs (lower case, punctuation dropped, spaces to `-`, repeats numbered). */
export function createSlugger(): { slug(text: string): string } {
  const seen = new Map<string, number>();
  return {
    slug(text) {
      const base = text.toLowerCase().trim().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
      const count = seen.get(base);
      seen.set(base, (count ?? -1) + 1);
      return count === undefined ? base : `${base}-${count + 1}`;
    },
  };
}

/** Removes active content from a hast tree in place. */
export function sanitizeTree(node: HastNode, slugs = createSlugger()): void {
  if (!node.children) return;
  node.children = node.children.filter((child) => !(child.type === 'element' && DROPPED.has((child.tagName ?? '').toLowerCase())));
  for (const child of node.children) {
    if (child.type === 'raw') {
      // Raw HTML that survived parsing is shown as text, never injected.
      child.type = 'text';
    }
    if (child.type === 'element') {
      const properties = child.properties ?? {};
      for (const key of Object.keys(properties)) {
        if (/^on/i.test(key) || key === 'style' || key === 'name' || key === 'form' || key === 'formTarget') delete properties[key];
        else if (URL_PROPERTY.test(key)) {
          const value = properties[key];
          const image = child.tagName === 'img' || key.toLowerCase() !== 'href';
          if (typeof value !== 'string' || !allowedUrl(value, image)) delete properties[key];
        }
      }
      const heading = /^h([1-6])$/.exec(child.tagName ?? '');
      // Anchors are prefixed, and so are the README's own links to them (footnotes, a table of
      // contents). Headings get their id here, before Astro's slugger (which keeps an id it finds).
      if (heading && typeof properties.id !== 'string') properties.id = slugs.slug(textOf(child));
      if (typeof properties.id === 'string') properties.id = `${README_ANCHOR_PREFIX}${properties.id}`;
      else delete properties.id;
      for (const key of ['ariaDescribedBy', 'ariaLabelledBy', 'ariaControls', 'htmlFor']) {
        const value = properties[key];
        if (Array.isArray(value) || typeof value === 'string') {
          properties[key] = (Array.isArray(value) ? value : value.split(/\s+/)).map((token) => `${README_ANCHOR_PREFIX}${String(token)}`).join(' ');
        }
      }
      if (typeof properties.href === 'string' && properties.href.startsWith('#') && properties.href.length > 1) {
        properties.href = `#${README_ANCHOR_PREFIX}${properties.href.slice(1)}`;
      }
      if (child.tagName === 'a' && typeof properties.href === 'string' && !properties.href.startsWith('#')) {
        const text = textOf(child);
        // Text that reads as a URL must be where the link goes: otherwise the real target is what it says.
        if (textMisleads(text, properties.href)) child.children = [{ type: 'text', value: properties.href }];
      }
      if (heading) child.tagName = `h${Math.min(6, Number(heading[1]) + 1)}`;
    }
    sanitizeTree(child, slugs);
  }
}

const rehypeSanitize = () => (tree: HastNode) => sanitizeTree(tree);

let processor: Promise<MarkdownProcessor> | undefined;

/**
 * Renders a README. For README.mdx the ESM lines (`import`, `export`) are dropped and the rest is
 * read as Markdown: the catalog does not run a product team's components at build time.
 */
export async function renderMarkdown(text: string, options: { mdx?: boolean } = {}): Promise<string> {
  processor ??= createMarkdownProcessor({ syntaxHighlight: false, rehypePlugins: [rehypeSanitize as never] });
  const source = options.mdx ? stripEsm(text) : text;
  const result = await (await processor).render(source);
  return result.code;
}

/** Removes one-line `import …` / `export …` statements of an MDX file. */
export function stripEsm(text: string): string {
  return text.replace(/^(?:import|export)\s[^\n]*$/gm, '');
}
