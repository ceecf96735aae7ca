export type { LibsqlServer, LibsqlServerOptions } from "./server";
export { startLibsqlServer } from "./server";
