import { contactFields, emailTemplates } from "@edgepost/db";
import { and, eq, type SQL } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { type FieldProblem, InvalidFields } from "../errors";
import { mergeFields } from "../templates/engine";
import { audienceCondition } from "./audience";
import { checkReferences, type findCampaign } from "./campaign-fields";
import { trackedLinks } from "./render-campaign";

/** The variables a campaign template may read besides `contact.*`. */
const LINK_VARIABLES = new Set(["unsubscribe_url", "view_in_browser_url", "campaign"]);
/** What every contact has besides the account's own fields. */
const CONTACT_VARIABLES = new Set(["email", "phone"]);

type Campaign = Awaited<ReturnType<typeof findCampaign>>;

/** What a campaign sends, fixed when it is scheduled or starts: later edits of its template change nothing. */
export interface SendableContent {
  subject: string;
  html: string | null;
  text: string | null;
  links: string[];
}

/**
 * Checks that a campaign can go out now, naming every field that stops it (400, nothing changes):
 * a sender on a verified domain, a subject, content (its template's, or inline) that parses, merge
 * fields that are the account's contact fields, and an audience whose lists and segments exist.
 * Answers the content to send and the audience's condition on `contacts`.
 */
export async function prepareSend(
  ctx: AccountCtx,
  campaign: Campaign,
): Promise<{ content: SendableContent; audience: SQL }> {
  const { content, problems } = await readContent(ctx, campaign);
  let audience: SQL | undefined;
  try {
    audience = await audienceCondition(ctx, campaign.audience);
  } catch (error) {
    if (!(error instanceof InvalidFields)) throw error;
    problems.push(...(error.fields ?? []));
  }
  if (problems.length > 0 || !audience) throw new InvalidFields(problems);
  return { content, audience };
}

/** The content a campaign would send now (refused, each problem by its field, if it cannot go out). */
export async function sendableContent(ctx: AccountCtx, campaign: Campaign): Promise<SendableContent> {
  const { content, problems } = await readContent(ctx, campaign);
  if (problems.length > 0) throw new InvalidFields(problems);
  return content;
}

async function readContent(ctx: AccountCtx, campaign: Campaign) {
  const problems: FieldProblem[] = [];
  let { subject, html, text } = campaign;
  if (campaign.templateId) {
    const [template] = await ctx.db
      .select({ subject: emailTemplates.subject, html: emailTemplates.html, text: emailTemplates.text })
      .from(emailTemplates)
      .where(
        and(
          eq(emailTemplates.accountId, ctx.principal.accountId),
          eq(emailTemplates.id, campaign.templateId),
        ),
      );
    if (template) {
      subject ??= template.subject;
      html = template.html;
      text = template.text;
    } else problems.push({ path: "templateId", message: `${campaign.templateId} is not in this account` });
  }
  if (!campaign.sender) problems.push({ path: "sender", message: "is required to send: a verified address" });
  if (!subject) problems.push({ path: "subject", message: "is required to send" });
  if (!html && !text)
    problems.push({ path: "html", message: "is required to send: inline html or a templateId" });
  try {
    await checkReferences(ctx, {
      // The template was read just above: only the sender and the content are left to check.
      ...(campaign.sender ? { sender: campaign.sender } : {}),
      subject,
      html,
      text,
    });
  } catch (error) {
    if (!(error instanceof InvalidFields)) throw error;
    problems.push(...(error.fields ?? []));
  }
  if (problems.length === 0)
    problems.push(...(await unknownMergeFields(ctx, { subject: subject ?? "", html, text })));
  const content: SendableContent = { subject: subject ?? "", html, text, links: trackedLinks(html) };
  return { content, problems };
}

/** Each merge field that no contact can have: `contact.x` where x is not a field of the account. */
async function unknownMergeFields(
  ctx: AccountCtx,
  template: { subject: string; html: string | null; text: string | null },
): Promise<FieldProblem[]> {
  const used = mergeFields(template);
  if (used.length === 0) return [];
  const fields = await ctx.db
    .select({ key: contactFields.key })
    .from(contactFields)
    .where(eq(contactFields.accountId, ctx.principal.accountId));
  const known = new Set([...CONTACT_VARIABLES, ...fields.map((f) => f.key)]);
  const problems: FieldProblem[] = [];
  for (const { field, path } of used) {
    const [root = "", key] = path;
    const name = path.join(".");
    if (root === "contact" ? key !== undefined && known.has(key) : LINK_VARIABLES.has(root)) continue;
    const message =
      root === "contact"
        ? `merge field ${name} is not a field of this account's contacts (${[...known].join(", ")})`
        : `merge field ${name} is unknown: use contact.<field>, unsubscribe_url, view_in_browser_url or campaign.name`;
    if (!problems.some((p) => p.path === field && p.message === message))
      problems.push({ path: field, message });
  }
  return problems;
}
