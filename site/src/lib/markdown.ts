/**
 * A product's README rendered with Astro's own Markdown pipeline. Headings move down one level
 * (the page owns the h1), and anything that would run script is dropped: the catalog ships no
 * JavaScript but search, whatever a README contains.
 */
import { createMarkdownProcessor, type MarkdownProcessor } from '@astrojs/markdown-remark';

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  value?: string;
}

const DROPPED = new Set(['script', 'style', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'link', 'meta', 'base']);
const URL_PROPERTIES = ['href', 'src', 'action', 'formAction', 'xlinkHref', 'poster'];

/** Removes active content from a hast tree in place. */
export function sanitizeTree(node: HastNode): void {
  if (!node.children) return;
  node.children = node.children.filter((child) => !(child.type === 'element' && DROPPED.has(child.tagName ?? '')));
  for (const child of node.children) {
    if (child.type === 'raw') {
      // Raw HTML that survived parsing is shown as text, never injected.
      child.type = 'text';
    }
    if (child.type === 'element') {
      const properties = child.properties ?? {};
      for (const key of Object.keys(properties)) {
        if (/^on/i.test(key)) delete properties[key];
      }
      for (const key of URL_PROPERTIES) {
        const value = properties[key];
        if (typeof value === 'string' && /^\s*(javascript|vbscript|data):/i.test(value)) delete properties[key];
      }
      const heading = /^h([1-6])$/.exec(child.tagName ?? '');
      if (heading) child.tagName = `h${Math.min(6, Number(heading[1]) + 1)}`;
    }
    sanitizeTree(child);
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
