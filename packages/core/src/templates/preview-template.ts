import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { renderTemplate } from "./engine";
import { findTemplate } from "./get-template";

export const previewTemplateInput = z.strictObject({
  /** Merge variables: names and plain JSON values, as a send would give them. */
  variables: z.record(z.string().max(256), z.unknown()).default({}),
});

/** Renders a stored template with the given variables, as a send would, without sending anything. */
export async function previewTemplate({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof previewTemplateInput>;
}) {
  assertPermission(ctx, "templates:read");
  const { id, ...rest } = input;
  const { variables } = previewTemplateInput.parse(rest);
  const template = await findTemplate(ctx, id);
  return { id: template.id, ...renderTemplate(template, variables) };
}
