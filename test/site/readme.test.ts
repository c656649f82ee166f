import { afterEach, describe, expect, it, vi } from 'vitest';
import { plainReadmeHtml, readmeHtml, readmeRisk, type ReadmeRenderer } from '../../site/src/lib/readme.ts';
import { DEFAULT_README_BUDGET, startReadmeThread, type ReadmeThread } from '../../site/scripts/readme-thread.ts';

/** The three README shapes that stopped the build before limits and isolation. */
export const hostileReadmes = {
  nestedQuotes: `${'>'.repeat(4000)} deep\n`,
  wideTable: `|${Array.from({ length: 1000 }, (_, i) => `c${i}`).join('|')}|\n|${'-|'.repeat(1000)}\n${'x\n'.repeat(2000)}`,
  deepList: Array.from({ length: 60 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n'),
};

describe('readmeRisk', () => {
  it('lets an ordinary README through', () => {
    expect(readmeRisk('# Orders\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n> quoted\n\n- a\n  - b\n    - c\n')).toBeUndefined();
  });

  it('stops a README larger than 100 KB', () => {
    expect(readmeRisk('x'.repeat(101 * 1024))).toBe('it is 101 KB (the limit is 100 KB)');
  });

  it('stops a table wider than 64 columns, at its line', () => {
    expect(readmeRisk(hostileReadmes.wideTable)).toBe('line 1 has a table row of 1000 cells (the limit is 64)');
  });

  it('stops quotes nested deeper than 24', () => {
    expect(readmeRisk(hostileReadmes.nestedQuotes)).toBe('line 1 nests quotes or lists 4000 deep (the limit is 24)');
  });

  it('stops lists nested deeper than 24', () => {
    expect(readmeRisk(hostileReadmes.deepList)).toMatch(/^line 25 nests quotes or lists 25 deep/);
  });
});

describe('plainReadmeHtml', () => {
  it('shows the text escaped under a visible notice', () => {
    expect(plainReadmeHtml('<b>hi</b>', 'it is too big')).toBe(
      '<p class="notice readme-fallback" role="note"><strong>This README is shown as plain text</strong>: it is too big.</p><pre class="readme-plain">&lt;b&gt;hi&lt;/b&gt;</pre>',
    );
  });
});

describe('readmeHtml', () => {
  const recording = (render: ReadmeRenderer['render']) => {
    const fallbacks: string[] = [];
    return { fallbacks, renderer: { render, fellBack: (path: string, reason: string) => void fallbacks.push(`${path}: ${reason}`) } };
  };

  it('renders a README through the build’s renderer', async () => {
    const { renderer } = recording(async (text) => `<p>${text}</p>`);
    expect(await readmeHtml({ path: 'catalog/a/README.md', text: 'hi' }, renderer)).toBe('<p>hi</p>');
  });

  it('shows a README past the limits as plain text without rendering it, and reports the file', async () => {
    const render = vi.fn(async () => '<p>rendered</p>');
    const { renderer, fallbacks } = recording(render);
    const html = await readmeHtml({ path: 'catalog/a/README.md', text: hostileReadmes.nestedQuotes }, renderer);
    expect(render).not.toHaveBeenCalled();
    expect(html).toContain('This README is shown as plain text');
    expect(fallbacks).toEqual(['catalog/a/README.md: line 1 nests quotes or lists 4000 deep (the limit is 24)']);
  });

  it('shows a README the renderer fails on as plain text, and reports the file', async () => {
    const { renderer, fallbacks } = recording(async () => {
      throw new Error('it took longer than 15 s');
    });
    const html = await readmeHtml({ path: 'catalog/a/README.md', text: '# Hi' }, renderer);
    expect(html).toContain('<pre class="readme-plain"># Hi</pre>');
    expect(fallbacks).toEqual(['catalog/a/README.md: it could not be rendered (it took longer than 15 s)']);
  });
});

describe('the README thread', () => {
  let thread: ReadmeThread | undefined;
  afterEach(async () => {
    await thread?.stop();
  });

  it('renders a README', async () => {
    thread = startReadmeThread();
    expect(await thread.render('Some **bold** text.', { mdx: false })).toContain('<strong>bold</strong>');
  }, 30_000);

  it('fails a render that overflows the stack, and renders the next README', async () => {
    // Time is not what this checks: on a loaded machine the deep parse before the overflow took
    // longer than the default budget, and the render ended for time instead.
    thread = startReadmeThread({ ...DEFAULT_README_BUDGET, timeoutMs: 120_000 });
    await expect(thread.render(hostileReadmes.nestedQuotes, { mdx: false })).rejects.toThrow(/call stack/);
    expect(await thread.render('after', { mdx: false })).toContain('after');
  }, 150_000);

  it('ends a render that overruns its time, and renders the next README on a new thread', async () => {
    thread = startReadmeThread({ timeoutMs: 500, memoryMb: 256 });
    // A list of 40,000 items takes seconds; a line of text a few milliseconds.
    await expect(thread.render('- item\n'.repeat(40_000), { mdx: false })).rejects.toThrow('it took longer than 0.5 s');
    expect(await thread.render('short', { mdx: false })).toBe('<p>short</p>');
  }, 30_000);

  it('ends a render that runs out of memory', async () => {
    thread = startReadmeThread({ timeoutMs: 60_000, memoryMb: 32 });
    await expect(thread.render(hostileReadmes.wideTable, { mdx: false })).rejects.toThrow(/more than 32 MB|stopped/);
  }, 90_000);
});
