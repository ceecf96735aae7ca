import { problemResponse } from "@edgepost/http";
import { bodyLimit } from "hono/body-limit";

/** Sends carry attachments, but a request over 8 MiB is refused before it is read in full. */
export const sendLimit = bodyLimit({
  maxSize: 8 * 1024 * 1024,
  onError: (c) =>
    problemResponse({
      title: "Payload too large",
      status: 413,
      code: "payload_too_large",
      detail: "A send request may be at most 8 MiB; attachments at most 5 MiB per email.",
      requestId: (c.get("requestId") as string | undefined) ?? "unknown",
    }),
});
