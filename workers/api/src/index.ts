import { parseBindings } from "@edgepost/http";
import { createApp } from "./app";
import { envSchema } from "./env";

const app = createApp();

export default {
  fetch(request, env, ctx) {
    const bindings = parseBindings(envSchema, env);
    return bindings.ok ? app.fetch(request, bindings.env, ctx) : bindings.response;
  },
} satisfies ExportedHandler<CloudflareBindings>;
