import { DomainError } from "@edgepost/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** The operator API has its own credential: a key whose SHA-256 the worker is configured with. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
  const expected = hexToBytes(c.env.OPERATOR_KEY_HASH);
  const actual = await sha256(presented);
  // Equal-length digests compared without an early exit.
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= (expected[i] ?? 0) ^ (actual[i] ?? 0);
  if (presented === "" || difference !== 0)
    throw new DomainError("unauthorized", "Operator credentials required.");
  await next();
});
