/**
 * Summary injection: what a YAML file says is shown as text in the check-run summary and the
 * pull-request comment, never as markdown or HTML. Rendered with a real GFM parser (Astro's, as the
 * catalog uses) and compared, tag by tag, with the same review of a harmless value.
 */
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../bot/core/review/markdown.ts';
import { renderMarkdown, renderText } from '../../../bot/core/review/render.ts';
import { review } from '../../../bot/core/review/review.ts';
import type { BreakingChange, Review } from '../../../bot/core/review/types.ts';
import { breakingCommentBody } from '../../../bot/github/breaking-comment.ts';
import { renderPullBody } from '../../../bot/core/requests/render.ts';
import type { ProposedGrant } from '../../../bot/core/requests/request.ts';
import { planExpiry } from '../../../bot/core/requests/expiry.ts';
import { approval, baseFiles, changed, edit, load, newGrant, NOW, PATHS, pull } from './pull.ts';

let toHtml: (markdown: string) => Promise<string>;
beforeAll(async () => {
  const processor = await createMarkdownProcessor({ gfm: true, smartypants: false, syntaxHighlight: false });
  toHtml = async (markdown) => (await processor.render(markdown)).code;
});

/** The element structure of some HTML: tag names in order, text left out. */
const tags = (html: string): string[] => [...html.matchAll(/<\/?([a-zA-Z][\w-]*)|<!--/g)].map((m) => m[1] ?? '!--');

/** The text of some HTML, with entities for <, > and & read back. */
const text = (html: string): string => html.replace(/<[^>]*>/g, '').replace(/&#x3C;|&lt;/g, '<').replace(/&#x26;|&amp;/g, '&').replace(/&gt;/g, '>');

/**
 * A pull request whose contract defines role `name` twice: the duplicate is an error finding whose
 * message quotes the name as written in the YAML file.
 */
async function reviewWithRoleName(name: string): Promise<Review> {
  const role = `  - role: ${JSON.stringify(name)}\n    access: read\n`;
  const head = changed(edit(PATHS.ordersContract, 'roles:\n', `roles:\n${role}${role}`));
  return review(load(baseFiles), load(head), pull('mallory', [approval('tom')], { 'acme/checkout-data': ['tom'] }), { now: NOW });
}

// No URL in it: GitHub, like this parser, links a bare URL in any text, which shows the URL as it is.
/**
 * A pull request that asks for role `name` of the orders contract, which the base already offers:
 * the approval's reason names the role in a code span.
 */
async function reviewOfGrantToRole(name: string): Promise<Review> {
  const role = `  - role: ${JSON.stringify(name)}\n    access: read\n    firstLevelApprovers: "@acme/checkout-data"\n`;
  const base = changed(edit(PATHS.ordersContract, 'roles:\n', `roles:\n${role}`));
  const head = { ...base, 'catalog/checkout/orders/access/ml.yaml': newGrant().replace('role: analyst', `role: ${JSON.stringify(name)}`) };
  return review(load(base), load(head), pull('mallory', [approval('tom')], { 'acme/checkout-data': ['tom'] }), { now: NOW });
}

const FAKE_APPROVAL = 'x\n| ✅ approved | @acme/checkout-data | 1 | @boss | policies changed |\n<img src=x onerror=alert(1)> <!-- the rest is hidden';

describe('summary injection', () => {
  it('a role name with a line break and a table row cannot add a fake approval row or HTML to the check-run summary', async () => {
    const plain = await toHtml(renderMarkdown(await reviewWithRoleName('x')));
    const hostile = await toHtml(renderMarkdown(await reviewWithRoleName(FAKE_APPROVAL)));
    expect(tags(hostile)).toEqual(tags(plain));
  });

  it('the hostile role name is shown as the text it is', async () => {
    const html = await toHtml(renderMarkdown(await reviewWithRoleName(FAKE_APPROVAL)));
    expect(text(html)).toContain(`role "${FAKE_APPROVAL.replace(/\n/g, ' ')}" is defined twice`);
  });

  it('a backtick in a role name cannot close the code span the approval reason puts it in and open HTML', async () => {
    const plain = await toHtml(renderMarkdown(await reviewOfGrantToRole('x')));
    const hostile = await toHtml(renderMarkdown(await reviewOfGrantToRole('a` <details open><summary>approved</summary> `b')));
    expect(tags(hostile).filter((t) => t !== 'code')).toEqual(tags(plain).filter((t) => t !== 'code'));
  });

  it('a value cannot start a line of its own in the terminal text (a fake [x] approval, a :: workflow command)', async () => {
    const lines = renderText(await reviewWithRoleName('x\n::error file=README.md::approved\n  [x] 1 of @acme/boss: all good')).split('\n');
    expect(lines.filter((l) => l.startsWith('::') || l.startsWith('  [x] 1 of @acme/boss'))).toEqual([]);
  });

  it('a breaking-change reason and team from YAML add no heading, emphasis or HTML to the comment, and only real teams are mentioned', async () => {
    const comment = (reason: string, team: string) => {
      const change = {
        contractId: 'orders-v1',
        file: 'catalog/checkout/orders/orders-v1.contract.yaml',
        line: 3,
        column: 1,
        path: '/schema',
        severity: 'error',
        reason,
        affectedGrants: [
          { id: 'g1', team: '@acme/marketing', validUntil: '2027-01-01' },
          { id: 'g2', team, validUntil: '2027-01-01' },
        ],
      } as BreakingChange;
      return breakingCommentBody({ breakingChanges: [change] } as unknown as Review, 'a'.repeat(40))!;
    };
    const plain = comment('x', 'sales');
    const hostile = comment('x\n### ✅ Approved by @acme/boss <img src=x>', '**@acme/boss** <!--');
    expect({ tags: tags(await toHtml(hostile)), mentions: hostile.split('\n').at(-3) }).toEqual({
      tags: tags(await toHtml(plain)),
      mentions: '@acme/marketing: please review whether you can follow this change, or ask for a new major version alongside the old one.',
    });
  });
});

describe('access request text', () => {
  it('a purpose typed in the issue form adds no table row, HTML or hidden text to the pull request the app opens', async () => {
    const body = (purpose: string, role: string) =>
      renderPullBody(
        {
          grant: { dataProduct: 'checkout-orders', outputPort: 'orders', role, consumer: { team: '@acme/ml' }, requestedBy: '@mallory', validUntil: '2027-03-31', purpose },
          path: 'catalog/checkout/orders/access/ml.yaml',
        } as unknown as ProposedGrant,
        { number: 12 },
      );
    const plain = await toHtml(body('Train the churn model.', 'analyst'));
    const hostile = await toHtml(body(`Train.\n\n| Approved by | @acme/privacy ✅ |\n<img src=x> <!-- hidden`, 'analyst|x` <b>y</b> `'));
    expect(tags(hostile).filter((t) => t !== 'code')).toEqual(tags(plain).filter((t) => t !== 'code'));
  });
});

describe('expiry reminder', () => {
  it("a grant's role holding HTML shows as text in the reminder issue", async () => {
    const body = async (role: string) => {
      const mesh = load(changed(edit(PATHS.grant, 'role: analyst', `role: ${JSON.stringify(role)}`)));
      return toHtml(planExpiry(mesh, { today: '2027-06-20', reminders: [] }).create[0].body);
    };
    const noCode = (t: string[]) => t.filter((tag) => tag !== 'code');
    expect(noCode(tags(await body('analyst` <img src=x> <!-- `x')))).toEqual(noCode(tags(await body('analyst'))));
  });
});

describe('escapeMarkdown', () => {
  it('escapes what markdown and HTML read, and keeps pairs of backticks as code spans', () => {
    expect(escapeMarkdown('a *b* _c_ [d](e) <f> & ~g~ `h|<i>` j|k\nl')).toBe('a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\& \\~g\\~ `h|<i>` j\\|k l');
  });

  it('in a table cell, escapes the pipes inside code spans too', () => {
    expect(escapeMarkdown('`h|i` j|k', { cell: true })).toBe('`h\\|i` j\\|k');
  });

  it('replaces bidirectional overrides and control characters', () => {
    expect(escapeMarkdown('ok\u202Edevorppa\u0007')).toBe('ok\uFFFDdevorppa\uFFFD');
  });
});
