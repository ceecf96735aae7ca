import { SELF } from "cloudflare:test";
import { renderTemplate } from "@edgepost/core";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { newAccountWithKey } from "./seed";

const API = "https://api.test";

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Template {
  id: string;
  name: string;
  subject: string;
  html: string | null;
  text: string | null;
  createdAt: string;
  updatedAt: string;
}

describe("/v1/templates", () => {
  it("stores, lists, reads, changes, previews and deletes a template", async () => {
    const { headers } = await newAccountWithKey();
    const res = await call("POST", "/v1/templates", headers, {
      name: "Receipt",
      subject: "Order {{ order.number }} for {{ name }}",
      html: "<p>Hi {{ name }}</p>{% for item in order.items %}<li>{{ item | upcase }}</li>{% endfor %}",
      text: "Hi {{ name }}",
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Template;
    expect(created).toMatchObject({ id: expect.stringMatching(/^tpl_[0-9a-z]{26}$/), name: "Receipt" });

    expect(await (await call("GET", `/v1/templates/${created.id}`, headers)).json()).toEqual(created);
    const list = (await (await call("GET", "/v1/templates?limit=10", headers)).json()) as {
      items: Template[];
      nextCursor: string | null;
    };
    expect(list).toEqual({
      items: [
        {
          id: created.id,
          name: "Receipt",
          subject: created.subject,
          createdAt: created.createdAt,
          updatedAt: created.updatedAt,
        },
      ],
      nextCursor: null,
    });

    const preview = await call("POST", `/v1/templates/${created.id}/render`, headers, {
      variables: { name: "<script>alert(1)</script>", order: { number: 7, items: ["pen", "<b>ink</b>"] } },
    });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toEqual({
      id: created.id,
      subject: "Order 7 for <script>alert(1)</script>",
      html: "<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p><li>PEN</li><li>&lt;B&gt;INK&lt;/B&gt;</li>",
      text: "Hi <script>alert(1)</script>",
    });

    const changed = await call("PATCH", `/v1/templates/${created.id}`, headers, {
      html: null,
      name: "Receipt v2",
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ name: "Receipt v2", html: null, text: "Hi {{ name }}" });

    expect((await call("DELETE", `/v1/templates/${created.id}`, headers)).status).toBe(204);
    expect((await call("GET", `/v1/templates/${created.id}`, headers)).status).toBe(404);
  });

  it("refuses invalid templates at save, naming the field, and duplicate names with 409", async () => {
    const { headers } = await newAccountWithKey();
    const bad = await call("POST", "/v1/templates", headers, {
      name: "Bad",
      subject: "Hello",
      html: "{{ name | no_such_filter }}",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: "invalid_input",
      errors: [{ path: "html", message: expect.stringContaining("no_such_filter") }],
    });
    const none = await call("POST", "/v1/templates", headers, { name: "None", subject: "Hello" });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ errors: [{ path: "text" }] });

    const first = await call("POST", "/v1/templates", headers, { name: "Same", subject: "s", text: "t" });
    expect(first.status).toBe(201);
    const again = await call("POST", "/v1/templates", headers, { name: "Same", subject: "s", text: "t" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "conflict" });
  });

  it("runs LiquidJS inside workerd with its limits: a runaway loop is stopped, not left to spin", async () => {
    const { headers } = await newAccountWithKey();
    const res = await call("POST", "/v1/templates", headers, {
      name: "Runaway",
      subject: "s",
      text: "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}",
      html: "{% assign x = 'ab' %}{% for i in (1..64) %}{% capture x %}{{ x }}{{ x }}{% endcapture %}{% endfor %}",
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as Template;
    const preview = await call("POST", `/v1/templates/${id}/render`, headers, { variables: {} });
    expect(preview.status).toBe(400);
    expect(await preview.json()).toMatchObject({
      code: "invalid_input",
      errors: [{ path: "html", message: expect.stringContaining("memory alloc limit exceeded") }],
    });
    expect(() =>
      renderTemplate(
        {
          subject: "s",
          text: "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}",
        },
        {},
      ),
    ).toThrow(/render step limit exceeded/);
    expect(() => renderTemplate({ subject: "s", text: "{% include 'x' %}" }, {})).toThrow(/not available/);
    expect(
      renderTemplate(
        { subject: "{{ constructor }}{{ a.constructor.name }}{{ 'now' | date: '%Y' }}" },
        { a: {} },
      ),
    ).toEqual({
      subject: String(new Date().getUTCFullYear()),
    });
  });

  it("refuses variables that are not an object, and keeps other accounts' templates out of reach", async () => {
    const a = await newAccountWithKey();
    const b = await newAccountWithKey();
    const res = await call("POST", "/v1/templates", a.headers, {
      name: "Mine",
      subject: "{{ secret }}",
      text: "t",
    });
    const { id } = (await res.json()) as Template;
    const badVariables = await call("POST", `/v1/templates/${id}/render`, a.headers, { variables: [1, 2] });
    expect(badVariables.status).toBe(400);
    for (const [method, path, body] of [
      ["GET", `/v1/templates/${id}`, undefined],
      ["PATCH", `/v1/templates/${id}`, { name: "Theirs" }],
      ["POST", `/v1/templates/${id}/render`, { variables: {} }],
      ["DELETE", `/v1/templates/${id}`, undefined],
    ] as const) {
      expect((await call(method, path, b.headers, body)).status).toBe(404);
    }
    const listed = (await (await call("GET", "/v1/templates", b.headers)).json()) as { items: Template[] };
    expect(listed.items).toEqual([]);
    expect((await call("GET", "/v1/templates/not-an-id", a.headers)).status).toBe(400);
  });

  it("registers its operations in the OpenAPI registry", () => {
    const routes = createApp()
      .openAPIRegistry.definitions.flatMap((d) =>
        d.type === "route" ? [`${d.route.method} ${d.route.path}`] : [],
      )
      .filter((name) => name.includes("/v1/templates"));
    expect(routes.sort()).toEqual([
      "delete /v1/templates/{id}",
      "get /v1/templates",
      "get /v1/templates/{id}",
      "patch /v1/templates/{id}",
      "post /v1/templates",
      "post /v1/templates/{id}/render",
    ]);
  });
});
