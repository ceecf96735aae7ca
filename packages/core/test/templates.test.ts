import { auditLog, emailTemplates } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { InvalidFields } from "../src/errors";
import { createTemplate } from "../src/templates/create-template";
import { deleteTemplate } from "../src/templates/delete-template";
import { renderTemplate, TEMPLATE_LIMITS } from "../src/templates/engine";
import { getTemplate } from "../src/templates/get-template";
import { listTemplates } from "../src/templates/list-templates";
import { previewTemplate } from "../src/templates/preview-template";
import { updateTemplate } from "../src/templates/update-template";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);

/** The field problems a render or save fails with. */
function problems(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFields);
    expect((error as InvalidFields).code).toBe("invalid_input");
    return (error as InvalidFields).fields ?? [];
  }
  throw new Error("expected the render to fail");
}

describe("renderTemplate", () => {
  it("escapes values in the HTML part only", () => {
    const name = `<script>alert("x")</script> & 'co'`;
    const out = renderTemplate(
      { subject: "Hi {{ name }}", html: "<p>Hi {{ name }}</p>", text: "Hi {{ name }}" },
      { name },
    );
    expect(out.html).toBe("<p>Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;</p>");
    expect(out.text).toBe(`Hi ${name}`);
    expect(out.subject).toBe(`Hi ${name}`);
    expect(renderTemplate({ subject: "s", html: "{{ name | raw }}" }, { name }).html).toBe(name);
    expect(renderTemplate({ subject: "s", html: "{% echo name %}" }, { name }).html).not.toContain(
      "<script>",
    );
  });

  it("applies filters, loops and conditions, and renders missing variables empty", () => {
    const out = renderTemplate(
      {
        subject: "{{ name | upcase }}{{ missing }}",
        text: "{% for item in order.items %}{{ forloop.index }}. {{ item.name | capitalize }} × {{ item.qty }}\n{% endfor %}{% if vip %}VIP{% else %}—{% endif %} {{ total | times: 1.1 | round: 2 }} {{ nothing.deeper.still }}|{{ missing | default: 'n/a' }}",
        html: "{{ 'a b' | url_encode }} {{ created | date: '%Y-%m-%d' }}",
      },
      {
        name: "ada",
        order: {
          items: [
            { name: "pen", qty: 2 },
            { name: "ink", qty: 1 },
          ],
        },
        vip: false,
        total: 10,
        created: "2026-11-30T23:30:00Z",
      },
    );
    expect(out).toEqual({
      subject: "ADA",
      text: "1. Pen × 2\n2. Ink × 1\n— 11 |n/a",
      html: "a+b 2026-11-30",
    });
    expect(renderTemplate({ subject: "only a subject" }, {})).toEqual({ subject: "only a subject" });
  });

  it("prints values the same way in every part", () => {
    const source = "[{{ items }}|{{ nil }}|{{ nothing }}|{{ n }}|{{ b }}|{{ items | raw }}]";
    const out = renderTemplate(
      { subject: source, html: source, text: source },
      {
        items: [1, [2, 3], "a"],
        nothing: null,
        n: 1.5,
        b: false,
      },
    );
    expect(out).toEqual({
      subject: "[123a|||1.5|false|123a]",
      html: "[123a|||1.5|false|123a]",
      text: "[123a|||1.5|false|123a]",
    });
  });

  it("keeps the subject on one header line", () => {
    const out = renderTemplate(
      { subject: "Hello {{ name }}!", text: "x" },
      { name: "Eve\r\nBcc: all@example.com\u0000" },
    );
    expect(out.subject).toBe("Hello Eve Bcc: all@example.com!");
    expect(problems(() => renderTemplate({ subject: "{{ s }}" }, { s: "x".repeat(999) }))).toEqual([
      { path: "subject", message: expect.stringContaining("998") },
    ]);
  });

  it("refuses unknown filters, bad syntax and includes, naming the part", () => {
    expect(problems(() => renderTemplate({ subject: "ok", html: "{{ name | shout }}" }, {}))).toEqual([
      { path: "html", message: expect.stringContaining("undefined filter: shout") },
    ]);
    expect(problems(() => renderTemplate({ subject: "{% if %}", text: "x" }, {}))).toEqual([
      { path: "subject", message: expect.stringContaining("line:1") },
    ]);
    for (const source of ["{% include 'secrets' %}", "{% render '/etc/passwd' %}", "{% layout 'base' %}"]) {
      expect(problems(() => renderTemplate({ subject: "s", text: source }, {}))).toEqual([
        { path: "text", message: expect.stringContaining("not available") },
      ]);
    }
    expect(problems(() => renderTemplate({ subject: "s", text: "{{ 'x' | sha256 }}" }, {}))[0]?.path).toBe(
      "text",
    );
  });

  it("stops templates that loop too long, allocate too much or write too much", () => {
    const nested =
      "{% for a in (1..1000) %}{% for b in (1..1000) %}{% for c in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}";
    const started = Date.now();
    expect(problems(() => renderTemplate({ subject: "s", text: nested }, {}))).toEqual([
      { path: "text", message: expect.stringContaining("render step limit exceeded") },
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(
      problems(() =>
        renderTemplate({ subject: "s", html: "{% for i in (1..1000000000) %}x{% endfor %}" }, {}),
      ),
    ).toEqual([{ path: "html", message: expect.stringContaining("memory alloc limit exceeded") }]);
    const doubling =
      "{% assign x = 'ab' %}{% for i in (1..64) %}{% capture x %}{{ x }}{{ x }}{% endcapture %}{% endfor %}";
    for (const source of [doubling, doubling.replaceAll("{{ x }}", "{{ x | raw }}")]) {
      expect(problems(() => renderTemplate({ subject: "s", text: source }, {}))[0]?.message).toContain(
        "memory alloc limit exceeded",
      );
    }
    const big = "y".repeat(100_000);
    expect(
      problems(() =>
        renderTemplate({ subject: "s", text: "{% for i in (1..100) %}{{ big }}{% endfor %}" }, { big }),
      ),
    ).toEqual([{ path: "text", message: expect.stringContaining("output size limit exceeded") }]);
    const deep = `${"{% if a %}".repeat(50_000)}${"{% endif %}".repeat(50_000)}`;
    expect(problems(() => renderTemplate({ subject: "s", text: deep }, { a: true }))[0]?.path).toBe("text");
    const literal = `{% for i in (1..100) %}${big}{% endfor %}`;
    expect(problems(() => renderTemplate({ subject: "s", text: literal }, {}))[0]?.message).toContain(
      "output size limit exceeded",
    );
  });

  it("reads no prototype, and takes plain JSON variables only", () => {
    const polluted = JSON.parse('{"user":{"name":"a"},"__proto__":{"admin":"yes"},"list":[1]}');
    const probe =
      "[{{ constructor }}|{{ user.constructor }}|{{ user.constructor.name }}|{{ __proto__ }}|{{ __proto__.admin }}|{{ admin }}|{{ user.__proto__ }}|{{ user.toString }}|{{ list.constructor }}|{{ user.name.constructor }}|{{ user.hasOwnProperty }}]";
    expect(renderTemplate({ subject: probe, html: probe, text: probe }, polluted)).toEqual({
      subject: "[||||||||||]",
      html: "[||||||||||]",
      text: "[||||||||||]",
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    for (const variables of [
      { when: new Date() },
      { f: () => 1 },
      { n: Number.NaN },
      { deep: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) },
      { many: Array.from({ length: 20_000 }, () => 1) },
    ]) {
      expect(problems(() => renderTemplate({ subject: "s" }, variables))[0]?.path).toBe("variables");
    }
  });

  it("does not let a template change the caller's variables", () => {
    const variables = { count: 1, nested: { n: 1 } };
    const out = renderTemplate(
      { subject: "{% increment count %}{% increment count %}{% assign nested = 5 %}" },
      variables,
    );
    expect(out.subject).toBe("12");
    expect(variables).toEqual({ count: 1, nested: { n: 1 } });
  });

  it("bounds the stored sizes", () => {
    expect(TEMPLATE_LIMITS).toMatchObject({ subject: 998, body: 512 * 1024 });
  });
});

describe("template verbs", () => {
  it("creates, lists, reads, updates, previews and deletes a template", async () => {
    const owner = await newAccount(ctx);
    const created = await createTemplate({
      ctx: owner,
      input: { name: "Welcome", subject: "Welcome, {{ name }}", html: "<h1>Hi {{ name }}</h1>" },
    });
    expect(created).toMatchObject({ id: expect.stringMatching(/^tpl_/), name: "Welcome", text: null });
    expect(await getTemplate({ ctx: owner, input: { id: created.id } })).toEqual(created);

    const second = await createTemplate({ ctx: owner, input: { name: "Receipt", subject: "r", text: "t" } });
    const firstPage = await listTemplates({ ctx: owner, input: { limit: 1 } });
    expect(firstPage.items.map((t) => t.id)).toEqual([second.id]);
    expect(firstPage.items[0]).not.toHaveProperty("html");
    const secondPage = await listTemplates({
      ctx: owner,
      input: { limit: 1, cursor: firstPage.nextCursor ?? "" },
    });
    expect(secondPage).toEqual({ items: [expect.objectContaining({ id: created.id })], nextCursor: null });

    clock.now = new Date(clock.now.getTime() + 1000);
    const updated = await updateTemplate({
      ctx: owner,
      input: { id: created.id, text: "Hi {{ name }}", html: null },
    });
    expect(updated).toMatchObject({ html: null, text: "Hi {{ name }}", updatedAt: clock.now });
    expect(
      await previewTemplate({ ctx: owner, input: { id: created.id, variables: { name: "<b>Ada</b>" } } }),
    ).toEqual({
      id: created.id,
      subject: "Welcome, <b>Ada</b>",
      text: "Hi <b>Ada</b>",
    });

    await deleteTemplate({ ctx: owner, input: { id: created.id } });
    await expect(getTemplate({ ctx: owner, input: { id: created.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    const actions = await ctx.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, owner.principal.accountId), eq(auditLog.target, created.id)));
    expect(actions.map((a) => a.action).sort()).toEqual([
      "template.created",
      "template.deleted",
      "template.updated",
    ]);
  });

  it("parses at save: a syntax error or an unknown filter is refused naming the part", async () => {
    const owner = await newAccount(ctx);
    await expect(
      createTemplate({
        ctx: owner,
        input: { name: "bad", subject: "{{ x | nope }}", html: "{% if %}", text: "ok" },
      }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      fields: [
        { path: "subject", message: expect.stringContaining("nope") },
        { path: "html", message: expect.any(String) },
      ],
    });
    await expect(createTemplate({ ctx: owner, input: { name: "none", subject: "s" } })).rejects.toThrow(
      /html, text or both/,
    );
    await expect(
      createTemplate({ ctx: owner, input: { name: "long", subject: "x".repeat(999), text: "t" } }),
    ).rejects.toThrow();
    await expect(
      createTemplate({ ctx: owner, input: { name: "huge", subject: "s", html: "x".repeat(512 * 1024 + 1) } }),
    ).rejects.toThrow();
    const ok = await createTemplate({ ctx: owner, input: { name: "ok", subject: "s", text: "t" } });
    await expect(
      updateTemplate({ ctx: owner, input: { id: ok.id, text: "{% for %}" } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      fields: [{ path: "text", message: expect.any(String) }],
    });
    await expect(updateTemplate({ ctx: owner, input: { id: ok.id, text: null } })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(
      (
        await ctx.db
          .select()
          .from(emailTemplates)
          .where(eq(emailTemplates.accountId, owner.principal.accountId))
      ).length,
    ).toBe(1);
  });

  it("keeps names unique per account", async () => {
    const a = await newAccount(ctx);
    const b = await newAccount(ctx);
    const first = await createTemplate({ ctx: a, input: { name: "Same", subject: "s", text: "t" } });
    await expect(
      createTemplate({ ctx: a, input: { name: "Same", subject: "s", text: "t" } }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    await createTemplate({ ctx: b, input: { name: "Same", subject: "s", text: "t" } });
    const other = await createTemplate({ ctx: a, input: { name: "Other", subject: "s", text: "t" } });
    await expect(updateTemplate({ ctx: a, input: { id: other.id, name: "Same" } })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await getTemplate({ ctx: a, input: { id: first.id } })).toMatchObject({ name: "Same" });
  });

  it("keeps accounts apart, and checks permissions and suspension", async () => {
    const a = await newAccount(ctx);
    const b = await newAccount(ctx);
    const mine = await createTemplate({
      ctx: a,
      input: { name: "Mine", subject: "{{ secret }}", text: "t" },
    });
    await expect(getTemplate({ ctx: b, input: { id: mine.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(updateTemplate({ ctx: b, input: { id: mine.id, name: "x" } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(deleteTemplate({ ctx: b, input: { id: mine.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(previewTemplate({ ctx: b, input: { id: mine.id, variables: {} } })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await listTemplates({ ctx: b, input: {} })).items.map((t) => t.id)).not.toContain(mine.id);

    const viewer = { ...a, principal: { ...a.principal, role: "viewer" as const } };
    expect(await getTemplate({ ctx: viewer, input: { id: mine.id } })).toMatchObject({ id: mine.id });
    await expect(
      createTemplate({ ctx: viewer, input: { name: "v", subject: "s", text: "t" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const suspended = { ...a, principal: { ...a.principal, accountStatus: "suspended" as const } };
    await expect(deleteTemplate({ ctx: suspended, input: { id: mine.id } })).rejects.toMatchObject({
      code: "account_suspended",
    });
    expect(
      await previewTemplate({ ctx: suspended, input: { id: mine.id, variables: { secret: 1 } } }),
    ).toMatchObject({
      subject: "1",
    });
  });
});
