/**
 * The API's operations as its OpenAPI document lists them, for suites that must cover every route,
 * including routes added after them: how to call each one, and how to make a resource its path names.
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import worker from "../src/index";
import { anotherKey, newClientIp, type Tenant, tokenSentTo, verifiedDomain } from "./seed";

const ORIGIN = "https://api.test";
const METHODS = ["get", "put", "post", "patch", "delete"] as const;
const OPERATOR = { authorization: "Bearer test-operator-key" };

interface SchemaObject {
  $ref?: string;
  example?: unknown;
  pattern?: string;
}

interface OperationObject {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: SchemaObject }[];
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: SchemaObject; example?: unknown }>;
  };
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], OperationObject>>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface Operation {
  /** `PATCH /v1/users/{id}`: what the tests are named by. */
  name: string;
  method: string;
  path: string;
  spec: OperationObject;
}

export type Body = { json: unknown } | { text: string };

export async function loadDocument(): Promise<OpenApiDocument> {
  const res = await SELF.fetch(`${ORIGIN}/v1/openapi.json`);
  if (!res.ok) throw new Error(`GET /v1/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((m) => {
      const spec = item[m];
      return spec ? [{ name: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, spec }] : [];
    }),
  );
}

/** Operations that need a caller: those that declare credentials, and every `/v1` one but getting in. */
export function needsCaller(op: Operation): boolean {
  const declared = (op.spec.security ?? []).some((requirement) => Object.keys(requirement).length > 0);
  return declared || (op.path.startsWith("/v1/") && !op.path.startsWith("/v1/auth/"));
}

export const hasPathParameter = (path: string) => /\{[^}]+\}/.test(path);

/** The operation's JSON request body, if it takes one, with its documented example. */
export function jsonBodyOf(doc: OpenApiDocument, op: Operation) {
  const media = op.spec.requestBody?.content?.["application/json"];
  if (!media) return undefined;
  const ref = media.schema?.$ref?.replace("#/components/schemas/", "");
  const schema = ref === undefined ? media.schema : doc.components?.schemas?.[ref];
  return { required: op.spec.requestBody?.required === true, example: media.example ?? schema?.example };
}

/** The body to send an operation with: its documented example, or nothing if it takes no JSON body. */
export function exampleBody(doc: OpenApiDocument, op: Operation): Body | undefined {
  const body = jsonBodyOf(doc, op);
  if (!body) return undefined;
  if (body.example === undefined) {
    throw new Error(
      `${op.name} takes a JSON body but documents no example. Add one to its request content in src/routes ` +
        '(`content: { "application/json": { schema, example: {…} } }`): the cross-account and fuzz suites send it.',
    );
  }
  return { json: body.example };
}

type WorkerRequest = Parameters<typeof worker.fetch>[0];

/** Each request from a client IP of its own: these suites test the operations, not the per-IP limit. */
function request(method: string, path: string, headers: Record<string, string>, body?: Body): WorkerRequest {
  const client = { "cf-connecting-ip": newClientIp(), ...headers };
  if (!body) return new Request(`${ORIGIN}${path}`, { method, headers: client });
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { ...client, "content-type": "application/json" },
    body: "json" in body ? JSON.stringify(body.json) : body.text,
  });
}

function send(method: string, path: string, headers: Record<string, string>, body?: Body) {
  return SELF.fetch(request(method, path, headers, body));
}

/**
 * The same request handed straight to the worker's `fetch`, which also waits for its `waitUntil`
 * work. For suites that send thousands: within one test file each `SELF.fetch` takes longer than the
 * one before (cloudflare/workers-sdk#15446), a direct call does not.
 */
export async function sendDirect(method: string, path: string, headers: Record<string, string>, body?: Body) {
  const ctx = createExecutionContext();
  const bindings = env as unknown as CloudflareBindings;
  const res = await worker.fetch(request(method, path, headers, body), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The credentials an operation takes from a tenant: the operator's, the API key, or a session. */
export function credentialsFor(op: Operation, tenant: Tenant): Record<string, string> {
  const schemes = new Set((op.spec.security ?? []).flatMap((requirement) => Object.keys(requirement)));
  if (schemes.has("operator")) return OPERATOR;
  if (schemes.has("session") && !schemes.has("apiKey") && tenant.session) return tenant.session;
  return needsCaller(op) ? tenant.headers : {};
}

type Factory = (owner: Tenant, collection: string) => Promise<string>;

/**
 * How to make a resource that no `POST` on its collection creates, by the path that names one. A path
 * with a parameter that has neither a creator nor an entry here fails the suites that use this module.
 */
const FACTORIES: Record<string, Factory> = {
  // People join an account by accepting an invitation.
  "/v1/users/{id}": async (owner) => {
    const email = `${crypto.randomUUID()}@example.com`;
    const invited = await send("POST", "/v1/users/invitations", owner.headers, {
      json: { email, role: "editor" },
    });
    if (invited.status !== 201)
      throw new Error(`inviting answered ${invited.status}: ${await invited.text()}`);
    const joined = await send(
      "POST",
      "/v1/auth/accept-invitation",
      {},
      {
        json: { token: await tokenSentTo(email), name: "Invited Person", password: "long enough passphrase" },
      },
    );
    if (joined.status !== 201) throw new Error(`accepting answered ${joined.status}: ${await joined.text()}`);
    return ((await joined.json()) as { userId: string }).userId;
  },
  "/operator/v1/accounts/{id}": async (owner) => owner.accountId,
  // Rules and jobs are named, not made.
  "/operator/v1/retention/{rule}": async () => "soft-bounces",
  "/operator/v1/accounts/{id}/retention/{rule}": async () => "soft-bounces",
  "/operator/v1/jobs/{job}": async () => "prune-pipeline-checks",
  // Domains are unique per account, so each gets a name of its own.
  "/v1/domains/{id}": async (owner) => {
    const res = await send("POST", "/v1/domains", owner.headers, {
      json: { domain: `${crypto.randomUUID()}.example.com` },
    });
    if (res.status !== 201) throw new Error(`adding a domain answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  },
  // Field keys, contact addresses and list names are unique per account.
  "/v1/contact-fields/{id}": async (owner) =>
    created(
      await send("POST", "/v1/contact-fields", owner.headers, {
        json: {
          key: `f_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
          label: "Field",
          type: "text",
        },
      }),
    ),
  "/v1/contacts/{id}": async (owner) =>
    created(
      await send("POST", "/v1/contacts", owner.headers, {
        json: { email: `${crypto.randomUUID()}@example.com` },
      }),
    ),
  "/v1/lists/{id}": async (owner) =>
    created(await send("POST", "/v1/lists", owner.headers, { json: { name: `l-${crypto.randomUUID()}` } })),
  "/v1/lists/{id}/contacts/{contactId}": async (owner) =>
    created(
      await send("POST", "/v1/contacts", owner.headers, {
        json: { email: `${crypto.randomUUID()}@example.com` },
      }),
    ),
  // Segment names are unique per account; the documented example names a field and a list a fresh tenant lacks.
  "/v1/segments/{id}": async (owner) =>
    created(
      await send("POST", "/v1/segments", owner.headers, {
        json: { name: `s-${crypto.randomUUID()}`, filter: { field: "email", op: "exists" } },
      }),
    ),
  // Template names are unique per account.
  "/v1/templates/{id}": async (owner) => {
    const res = await send("POST", "/v1/templates", owner.headers, {
      json: { name: `t-${crypto.randomUUID()}`, subject: "Hi {{ name }}", html: "<p>{{ name }}</p>" },
    });
    if (res.status !== 201)
      throw new Error(`creating a template answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  },
  // An email needs a verified sender domain of the account's own.
  "/v1/emails/{id}": async (owner) => {
    const domain = await verifiedDomain(owner.accountId);
    const res = await send("POST", "/v1/emails", owner.headers, {
      json: { from: `hello@${domain}`, to: "ann@example.com", subject: "Hello", text: "Hello Ann" },
    });
    if (res.status !== 202) throw new Error(`sending answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  },
  // The documented examples name a list a fresh tenant lacks.
  "/v1/imports/{id}": async (owner) =>
    created(
      await send("POST", "/v1/imports", owner.headers, {
        json: {
          format: "csv",
          consent: { origin: "signup_form", description: "The signup form of shop.example" },
        },
      }),
    ),
  "/v1/exports/{id}": async (owner) => {
    const res = await send("POST", "/v1/exports", owner.headers, { json: { format: "csv" } });
    if (res.status !== 202) throw new Error(`exporting answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  },
  // A key of its own, never the one the owner calls with.
  "/operator/v1/api-keys/{id}": async (owner) => (await anotherKey(owner.accountId)).id,
};

/** The `id` of a 201 answer, or why there is none. */
async function created(res: Response): Promise<string> {
  if (res.status !== 201) throw new Error(`creating answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export interface Instance {
  /** The operation's path with the owner's ids in it. */
  path: string;
  /** The resource its last parameter names, if it has one. */
  resource?: { id: string; template: string; path: string };
}

/**
 * Gives a path template real ids of the owner's: its last parameter names a resource made for the
 * occasion by the `POST` on the collection above it (with the documented example) or by a factory,
 * and the parameters before that are filled the same way, outermost first.
 */
export async function instantiate(doc: OpenApiDocument, template: string, owner: Tenant): Promise<Instance> {
  const segments = template.split("/");
  const last = segments.findLastIndex((s) => /^\{[^}]+\}$/.test(s));
  if (last === -1) return { path: template };
  const resourceTemplate = segments.slice(0, last + 1).join("/");
  const collectionTemplate = segments.slice(0, last).join("/");
  const rest = segments.slice(last + 1).join("/");
  const collection = (await instantiate(doc, collectionTemplate, owner)).path;
  const id = await create(doc, resourceTemplate, collectionTemplate, collection, owner);
  const path = `${collection}/${id}`;
  return { path: rest ? `${path}/${rest}` : path, resource: { id, template: resourceTemplate, path } };
}

async function create(
  doc: OpenApiDocument,
  resourceTemplate: string,
  collectionTemplate: string,
  collection: string,
  owner: Tenant,
): Promise<string> {
  const factory = FACTORIES[resourceTemplate];
  if (factory) return factory(owner, collection);
  const spec = doc.paths[collectionTemplate]?.post;
  if (!spec) {
    throw new Error(
      `Nothing makes a resource for ${resourceTemplate}: there is no POST ${collectionTemplate} that answers ` +
        `with its \`id\`. Add a factory for "${resourceTemplate}" to FACTORIES in test/operations.ts.`,
    );
  }
  const creator = { name: `POST ${collectionTemplate}`, method: "POST", path: collectionTemplate, spec };
  const res = await send("POST", collection, credentialsFor(creator, owner), exampleBody(doc, creator));
  const text = await res.text();
  if (!res.ok) throw new Error(`${creator.name} with its example answered ${res.status}: ${text}`);
  const id = (JSON.parse(text) as { id?: unknown }).id;
  if (typeof id !== "string") {
    throw new Error(
      `${creator.name} answered without an \`id\`, so ${resourceTemplate} cannot be made from it: ` +
        `add a factory for "${resourceTemplate}" to FACTORIES in test/operations.ts.`,
    );
  }
  return id;
}
