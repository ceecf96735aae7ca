import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerConfirmSubscription } from "./confirm-subscription";
import { registerCreateContact } from "./create-contact";
import { registerCreateContactField } from "./create-contact-field";
import { registerCreateList } from "./create-list";
import { registerDeleteContactField } from "./delete-contact-field";
import { registerDeleteList } from "./delete-list";
import { registerGetContact } from "./get-contact";
import { registerGetList } from "./get-list";
import { registerListContactFields } from "./list-contact-fields";
import { registerListContacts } from "./list-contacts";
import { registerListLists } from "./list-lists";
import { registerSubscribeContact } from "./subscribe-contact";
import { registerUnsubscribeContact } from "./unsubscribe-contact";
import { registerUpdateContact } from "./update-contact";
import { registerUpdateList } from "./update-list";

/** Contacts, their custom fields, and lists with subscriptions (each recorded in the consent ledger). */
export function registerContactRoutes(app: OpenAPIHono<AppEnv>) {
  registerListContactFields(app);
  registerCreateContactField(app);
  registerDeleteContactField(app);
  registerListContacts(app);
  registerCreateContact(app);
  registerGetContact(app);
  registerUpdateContact(app);
  registerListLists(app);
  registerCreateList(app);
  registerGetList(app);
  registerUpdateList(app);
  registerDeleteList(app);
  registerSubscribeContact(app);
  registerConfirmSubscription(app);
  registerUnsubscribeContact(app);
}
