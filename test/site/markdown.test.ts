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

  it.each([
    ['javascript: in any case', '[click](JaVaScRiPt:alert(1))'],
    ['javascript: behind a tab', '[click](<java\tscript:alert(1)>)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['data:', '[click](data:text/html,<script>alert(1)</script>)'],
    ['a reference link to javascript:', '[click][x]\n\n[x]: javascript:alert(1)'],
  ])('drops a link to %s', async (_name, markdown) => {
    const html = await renderMarkdown(markdown);
    // What the browser would follow: every href resolved as it resolves them.
    const followed = [...html.matchAll(/href="([^"]*)"/g)].map((m) => new URL(m[1].replace(/&#x26;|&amp;/g, '&'), 'https://catalog.example/').protocol);
    expect(followed.every((protocol) => ['https:', 'http:', 'mailto:'].includes(protocol))).toBe(true);
    expect(html).toContain('click');
  });

  it('drops an image source that is not https: or http:', async () => {
    const html = await renderMarkdown('![x](javascript:alert(1)) ![y](data:image/svg+xml,<svg onload=alert(1)>)');
    expect(html).not.toMatch(/src=/);
  });

  it('keeps https:, mailto: and relative links', async () => {
    const html = await renderMarkdown('[a](https://example.com/x) [b](mailto:data@example.com) [c](./docs/usage.md)');
    expect(html).toContain('href="https://example.com/x"');
    expect(html).toContain('href="mailto:data@example.com"');
    expect(html).toContain('href="./docs/usage.md"');
  });

  it('prefixes heading anchors so a README cannot take the page’s own section ids', async () => {
    const html = await renderMarkdown('# Output ports\n\n## Documentation\n');
    expect(html).toContain('<h2 id="readme-output-ports">Output ports</h2>');
    expect(html).toContain('<h3 id="readme-documentation">Documentation</h3>');
  });

  it('points the README’s own anchor links and footnotes at the prefixed anchors', async () => {
    const html = await renderMarkdown('# Usage\n\nSee [usage](#usage) and a note[^1].\n\n[^1]: The note.\n');
    expect(html).toContain('href="#readme-usage"');
    expect([...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).every((id) => html.includes(`id="${id}"`))).toBe(true);
  });

  it('shows the real target of a link whose text is another URL', async () => {
    const html = await renderMarkdown('[https://bank.example/login](https://evil.example/phish)');
    expect(html).toContain('<a href="https://evil.example/phish">https://evil.example/phish</a>');
  });

  it('keeps the text of a link whose text is its own URL', async () => {
    expect(await renderMarkdown('<https://example.com/docs>')).toContain('<a href="https://example.com/docs">https://example.com/docs</a>');
  });
});
