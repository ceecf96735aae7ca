import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema";

/** The generated types of the API: `paths`, `components` (`components["schemas"]["Account"]`), `operations`… */
export type * from "./schema";

export interface EdgepostClientOptions {
  /** Origin of the API worker, e.g. `https://api.edgepost.dev` or `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** An API key (`ep_live_…` or `ep_test_…`), sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Sent with every request, e.g. `{ cookie: "ep_session=…" }` for a session from sign-in. */
  headers?: Record<string, string>;
  /** The fetch to send requests with; the global `fetch` by default. */
  fetch?: (request: Request) => Promise<Response>;
}

export type EdgepostClient = Client<paths>;

/** A client of the Edgepost REST API, typed by its OpenAPI document: `client.GET("/v1/account")`. */
export function createEdgepostClient({
  baseUrl,
  apiKey,
  headers,
  fetch,
}: EdgepostClientOptions): EdgepostClient {
  return createClient<paths>({
    baseUrl,
    headers: apiKey === undefined ? headers : { ...headers, authorization: `Bearer ${apiKey}` },
    fetch,
  });
}
