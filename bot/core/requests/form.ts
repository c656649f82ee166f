/**
 * The access-request issue form (`.github/ISSUE_TEMPLATE/access-request.yml`): its fields, and the
 * answers read back from the issue body GitHub writes from it (`### <label>` then the answer, or
 * `_No response_`). The template and this list are checked against each other by a test.
 */

/** The form's fields by id: the id is also the URL query parameter that prefills it. */
export const REQUEST_FIELDS = {
  product: 'Data product',
  port: 'Output port',
  roles: 'Roles this port offers',
  role: 'Role',
  team: 'Consuming team',
  purpose: 'Purpose',
  until: 'End date',
} as const;

export type RequestField = keyof typeof REQUEST_FIELDS;

/** The answers the app reads (the roles field is shown to the requester, never read back). */
export type RequestAnswers = Partial<Record<Exclude<RequestField, 'roles'>, string>>;

/** The label set by the template; issues carrying it are access requests. */
export const REQUEST_LABEL = 'access-request';
export const REQUEST_TEMPLATE = 'access-request.yml';

const NO_RESPONSE = '_No response_';
const byLabel = new Map<string, RequestField>(Object.entries(REQUEST_FIELDS).map(([id, label]) => [label.toLowerCase(), id as RequestField]));

/**
 * The answers in an issue body. Undefined when the body is not the form's (no field heading found),
 * so an issue someone labelled by hand is not mistaken for a request.
 */
export function parseRequestForm(body: string | null | undefined): RequestAnswers | undefined {
  if (!body) return undefined;
  const answers: RequestAnswers = {};
  let found = false;
  const sections = body.replace(/\r\n?/g, '\n').split(/^###[ \t]+/m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const label = (newline < 0 ? section : section.slice(0, newline)).trim().toLowerCase();
    const field = byLabel.get(label);
    if (!field) continue;
    found = true;
    if (field === 'roles') continue;
    const value = (newline < 0 ? '' : section.slice(newline + 1)).trim();
    answers[field] = value === NO_RESPONSE || value === '' ? undefined : value;
  }
  return found ? answers : undefined;
}
