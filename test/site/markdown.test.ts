import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../site/src/lib/markdown.ts';

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured Markdown', async () => {
    const html = await renderMarkdown('Some **bold** text.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<table>');
  });

  it('moves headings down a level because the page owns the h1', async () => {
    const html = await renderMarkdown('# Orders\n\n## Usage\n');
    expect(html).toMatch(/<h2[^>]*>Orders<\/h2>/);
    expect(html).toMatch(/<h3[^>]*>Usage<\/h3>/);
  });

  it('shows raw HTML as text instead of running it', async () => {
    const html = await renderMarkdown('Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#x3C;script');
  });

  it('drops the import lines of a README.mdx and renders the rest as Markdown', async () => {
    const html = await renderMarkdown("import Chart from './chart.astro';\n\n# Orders\n\nText.\n", { mdx: true });
    expect(html).not.toContain('import');
    expect(html).toContain('<p>Text.</p>');
  });

  it('drops javascript: links', async () => {
    const html = await renderMarkdown('[click](javascript:alert(1))');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('click');
  });
});
