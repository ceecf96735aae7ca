import { isMachineOpen, readRecipientToken } from "@edgepost/core";
import { notFound } from "@edgepost/http";
import type { PublicApp } from "../../app-type";
import { NO_STORE, queueEvent } from "./event";

/** A transparent 1×1 GIF, 43 bytes: the smallest image every mail client shows as nothing. */
const PIXEL = Uint8Array.from([
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
  0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
]);

/** `GET /o/{token}`: the open pixel. The token alone says who opened what: no database read here. */
export function registerOpenPixel(app: PublicApp) {
  app.get("/o/:token", async (c) => {
    const recipient = await readRecipientToken(c.env.SIGNING_SECRET, c.req.param("token"), new Date());
    if (!recipient) return notFound(c);
    queueEvent(c, recipient, { type: "opened", machine: isMachineOpen(c.req.header("user-agent")) });
    return c.body(PIXEL, 200, { ...NO_STORE, "Content-Type": "image/gif" });
  });
}
