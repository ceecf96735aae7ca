import { contactFields } from "@edgepost/db";
import { z } from "zod";

/** At most this many custom fields per account. */
export const MAX_CONTACT_FIELDS = 50;

export const contactFieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "lower-case letters, digits and _, starting with a letter (at most 40)");

export const contactFieldType = z.enum(["text", "number", "boolean", "date"]);

export const contactFieldColumns = {
  id: contactFields.id,
  key: contactFields.key,
  label: contactFields.label,
  type: contactFields.type,
  createdAt: contactFields.createdAt,
};
