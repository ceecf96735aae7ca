export type { LibsqlServerOptions } from "./options";
export type { LibsqlServer } from "./server";
export { startLibsqlServer } from "./server";
