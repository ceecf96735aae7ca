import { createApp } from "./app";
import { envSchema } from "./env";

const app = createApp();

export default {
  fetch(request, env, ctx) {
    const parsed = envSchema.safeParse(env);
    if (!parsed.success) {
      console.error(
        JSON.stringify({ level: "error", msg: "invalid worker configuration", issues: parsed.error.issues }),
      );
      return Response.json(
        { title: "Worker misconfigured", status: 500, code: "misconfigured" },
        { status: 500 },
      );
    }
    return app.fetch(request, parsed.data, ctx);
  },
} satisfies ExportedHandler<CloudflareBindings>;
