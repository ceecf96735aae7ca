import * as XLSX from "@e965/xlsx";
import {
  createContact,
  createContactField,
  createImport,
  createList,
  getConsentProof,
  getImport,
  importErrorReport,
  listImports,
  processImport,
  subscribeContact,
  unsubscribeContact,
  uploadImportFile,
} from "@edgepost/core";
import {
  consentEvents,
  contactImportChunks,
  contactImports,
  contacts,
  listMemberships,
  suppressions,
} from "@edgepost/db";
import { csvLine, XlsxWriter } from "@edgepost/tabular";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { concat, consume, files, ownerCtx, upload, utf8 } from "./harness";

type Ctx = Awaited<ReturnType<typeof ownerCtx>>;

async function withFields(ctx: Ctx) {
  for (const [key, type] of [
    ["first_name", "text"],
    ["score", "number"],
    ["vip", "boolean"],
  ] as const) {
    await createContactField({ ctx, input: { key, label: key.replace("_", " "), type } });
  }
  return createList({ ctx, input: { name: "Newsletter", doubleOptIn: false } });
}

const consent = {
  origin: "signup_form" as const,
  description: "Newsletter box on the checkout page of shop.example",
  text: "Yes, send me the monthly newsletter.",
};

const report = async (ctx: Ctx, id: string) =>
  new Response(await importErrorReport({ ctx, input: { id } })).text();

/** Runs the consumer until the import is finished, as the queue would. */
async function runImport(ctx: Ctx, id: string) {
  const body = { kind: "import" as const, accountId: ctx.principal.accountId, importId: id };
  for (let i = 0; i < 50; i++) {
    const result = await consume(body);
    expect(result.explicitAcks).toHaveLength(1);
    const [again] = await ctx.queued.splice(0);
    if (!again) return;
  }
  throw new Error("the import never finished");
}

describe("an import of a CSV file with broken rows", () => {
  it("imports the valid rows, reports each broken one exactly, and writes nothing else", async () => {
    const ctx = await ownerCtx();
    const list = await withFields(ctx);
    // Already there: one to update, one unsubscribed from the list (it must stay so), one suppressed.
    await createContact({
      ctx,
      input: { email: "zed@example.com", attributes: { first_name: "Zed" } },
    });
    const una = await createContact({ ctx, input: { email: "una@example.com" } });
    await subscribeContact({ ctx, input: { listId: list.id, contactId: una.id, consentText: "Yes" } });
    await unsubscribeContact({ ctx, input: { listId: list.id, contactId: una.id } });
    await ctx.db.insert(suppressions).values({
      id: "sup_test_bounced",
      accountId: ctx.principal.accountId,
      email: "bounced@example.com",
      reason: "hard_bounce",
      createdAt: new Date(),
    });

    const huge = "x".repeat(1.2 * 1024 * 1024);
    const file = concat(
      new Uint8Array([0xef, 0xbb, 0xbf]), // BOM
      utf8(
        "E-mail,Mobile,First name,Score,VIP\r\n" +
          "ann@example.com,+41 79 123 45 67,Ann,12,yes\r\n" +
          '"bob@example.com",,"Bob ""the builder""\nSmith",7,no\r\n' +
          "carl@example.com,,Carl\r\n" +
          "not-an-email,,Dan,1,no\r\n" +
          "eve@example.com,12345,Eve,2,no\r\n" +
          "ANN@example.com,,Ann again,3,no\r\n" +
          'fay@example.com,,"=HYPERLINK(""http://evil.example"")",4,no\r\n',
      ),
      concat(utf8("gus@example.com,,G"), new Uint8Array([0xfc]), utf8("nter,5,no\r\n")), // Latin-1, not UTF-8
      utf8(
        `hal@example.com,,"${huge}",6,no\r\n` +
          "ivy@example.com,+41791234568,Ivy,abc,no\r\n" +
          "\r\n" +
          "jon@example.com,,Jon,8,maybe\r\n" +
          "kim@example.com,,Kim,9,1,extra\r\n" +
          "zed@example.com,,Zedd,11,no\n" +
          "una@example.com,,Una,1,no\n" +
          "bounced@example.com,,Bo,1,no\n" +
          "lee@example.com,'+41791234569,Lee,10,true", // as our CSV exports write it
      ),
    );
    const imp = await createImport({
      ctx,
      input: { format: "csv", fileName: "broken.csv", listId: list.id, consent },
    });
    expect(imp.status).toBe("awaiting_upload");
    const queued = await uploadImportFile({ ctx, input: { id: imp.id, ...upload(file) } });
    // Mapped by name: the header's "E-mail", "Mobile", and the fields' labels.
    expect(queued).toMatchObject({
      status: "queued",
      columns: {
        "E-mail": "email",
        Mobile: "phone",
        "First name": "attributes.first_name",
        Score: "attributes.score",
        VIP: "attributes.vip",
      },
    });
    await runImport(ctx, imp.id);

    const expected = [
      ["row", "column", "value", "error"],
      [4, "", "", "has 3 cells; the header has 5"],
      [5, "E-mail", "not-an-email", "is not a valid email address"],
      [
        6,
        "Mobile",
        "12345",
        "is not a valid phone number (give it with + and country code, or a defaultCountry)",
      ],
      [7, "E-mail", "ann@example.com", "duplicate of row 2"],
      [
        8,
        "First name",
        '=HYPERLINK("http://evil.example")',
        "looks like a spreadsheet formula (starts with =, +, -, or @)",
      ],
      [9, "", "", "is not valid UTF-8 text (save the file as CSV UTF-8)"],
      [10, "", "", "is longer than 1 MiB"],
      [11, "Score", "abc", "is not a number"],
      [13, "VIP", "maybe", "is not true or false (true/false, yes/no, 1/0)"],
      [14, "", "", "has 6 cells; the header has 5"],
      [
        17,
        "E-mail",
        "bounced@example.com",
        "is on the account's suppression list (hard bounce): not subscribed",
      ],
    ];
    expect(await report(ctx, imp.id)).toBe(expected.map(csvLine).join(""));
    // The formula is neutralised in the report too: a spreadsheet shows it, never runs it.
    expect(await report(ctx, imp.id)).toContain(`"'=HYPERLINK(""http://evil.example"")"`);

    const rows = await ctx.db
      .select({ email: contacts.email, phone: contacts.phone, attributes: contacts.attributes })
      .from(contacts)
      .where(eq(contacts.accountId, ctx.principal.accountId))
      .orderBy(asc(contacts.email));
    expect(rows).toEqual([
      {
        email: "ann@example.com",
        phone: "+41791234567",
        attributes: { first_name: "Ann", score: 12, vip: true },
      },
      {
        email: "bob@example.com",
        phone: null,
        attributes: { first_name: 'Bob "the builder"\nSmith', score: 7, vip: false },
      },
      {
        email: "lee@example.com",
        phone: "+41791234569",
        attributes: { first_name: "Lee", score: 10, vip: true },
      },
      { email: "una@example.com", phone: null, attributes: { first_name: "Una", score: 1, vip: false } },
      { email: "zed@example.com", phone: null, attributes: { first_name: "Zedd", score: 11, vip: false } },
    ]);
    const statuses = await ctx.db
      .select({ email: contacts.email, status: listMemberships.status })
      .from(listMemberships)
      .innerJoin(contacts, eq(contacts.id, listMemberships.contactId))
      .where(eq(listMemberships.listId, list.id))
      .orderBy(asc(contacts.email));
    expect(statuses).toEqual([
      { email: "ann@example.com", status: "subscribed" },
      { email: "bob@example.com", status: "subscribed" },
      { email: "lee@example.com", status: "subscribed" },
      { email: "una@example.com", status: "unsubscribed" },
      { email: "zed@example.com", status: "subscribed" },
    ]);
    // The ledger: one entry per new subscription, naming the import and the consent text declared.
    const ledger = await ctx.db
      .select({ email: consentEvents.email, source: consentEvents.source, text: consentEvents.consentText })
      .from(consentEvents)
      .where(and(eq(consentEvents.accountId, ctx.principal.accountId), eq(consentEvents.sourceRef, imp.id)))
      .orderBy(asc(consentEvents.email));
    expect(ledger).toEqual(
      ["ann@example.com", "bob@example.com", "lee@example.com", "zed@example.com"].map((email) => ({
        email,
        source: "import",
        text: consent.text,
      })),
    );
    // The proof of consent of an imported contact names the import and what the account declared.
    const [ann] = await ctx.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.accountId, ctx.principal.accountId), eq(contacts.email, "ann@example.com")));
    const proof = await getConsentProof({ ctx, input: { id: ann!.id } });
    expect(proof.imports).toEqual([
      {
        id: imp.id,
        fileName: "broken.csv",
        origin: "signup_form",
        description: consent.description,
        consentText: consent.text,
        declaredBy: "usr_test",
        declaredAt: expect.any(Date),
      },
    ]);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "completed",
      progress: { percent: 100, rowsRead: 16, created: 3, updated: 2, skipped: 0, failed: 11 },
      error: null,
    });
    // The upload is deleted once read: the contacts hold what it held.
    const [stored] = await ctx.db
      .select({ fileKey: contactImports.fileKey })
      .from(contactImports)
      .where(eq(contactImports.id, imp.id));
    expect(await files.head(stored!.fileKey)).toBeNull();
  });
});

describe("an import in chunks", () => {
  it("goes on from its cursor after each cut-short run, and a chunk written twice counts once", async () => {
    const ctx = await ownerCtx();
    await withFields(ctx);
    const lines = Array.from({ length: 2500 }, (_, i) => `c${i}@example.com;Name ${i};${i}`);
    const file = utf8(`email;first_name;score\n${lines.join("\n")}\n`);
    const imp = await createImport({ ctx, input: { format: "csv", consent } });
    await uploadImportFile({ ctx, input: { id: imp.id, ...upload(file) } });
    const input = { accountId: ctx.principal.accountId, importId: imp.id };
    let runs = 0;
    for (let done = false; !done; runs++) {
      // Two consumers at once, as after a redelivery; a budget of 0 stops each after its first chunk.
      const [a, b] = await Promise.all([
        processImport({ ctx, input, budgetMs: 0 }),
        processImport({ ctx, input, budgetMs: 0 }),
      ]);
      done = a.done && b.done;
      const progress = await getImport({ ctx, input: { id: imp.id } });
      if (!done) expect(progress.progress.percent).toBeLessThan(100);
    }
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "completed",
      progress: { rowsRead: 2500, created: 2500, updated: 0, failed: 0 },
    });
    const chunks = await ctx.db
      .select({ seq: contactImportChunks.seq, firstRow: contactImportChunks.firstRow })
      .from(contactImportChunks)
      .where(eq(contactImportChunks.importId, imp.id))
      .orderBy(asc(contactImportChunks.seq));
    expect(chunks).toEqual([
      { seq: 1, firstRow: 2 },
      { seq: 2, firstRow: 1002 },
      { seq: 3, firstRow: 2002 },
    ]);
    const [count] = await ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(contacts)
      .where(eq(contacts.accountId, ctx.principal.accountId));
    expect(count?.n).toBe(2500);

    // The same people again: left alone when asked to skip, updated (only the fields given) otherwise.
    const again = async (onExisting: "skip" | "update", body: string) => {
      const next = await createImport({ ctx, input: { format: "csv", onExisting, consent } });
      await uploadImportFile({ ctx, input: { id: next.id, ...upload(utf8(body)) } });
      await runImport(ctx, next.id);
      return (await getImport({ ctx, input: { id: next.id } })).progress;
    };
    expect(await again("skip", `email;first_name;score\n${lines.join("\n")}\n`)).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 2500,
    });
    const rescored = lines.map((_, i) => `C${i}@EXAMPLE.COM;${i * 2}`);
    expect(await again("update", `email;score\n${rescored.join("\n")}\n`)).toMatchObject({
      created: 0,
      updated: 2500,
      failed: 0,
    });
    const [c7] = await ctx.db
      .select({ attributes: contacts.attributes })
      .from(contacts)
      .where(and(eq(contacts.accountId, ctx.principal.accountId), eq(contacts.email, "c7@example.com")));
    expect(c7?.attributes).toEqual({ first_name: "Name 7", score: 14 });
  });
});

describe("the start of an import", () => {
  it("refuses purchased, rented and third-party lists, and writes nothing", async () => {
    const ctx = await ownerCtx();
    for (const origin of ["purchased", "rented", "third_party"] as const) {
      await expect(
        createImport({ ctx, input: { format: "csv", consent: { ...consent, origin } } }),
      ).rejects.toMatchObject({ code: "consent_origin_refused", fields: [{ path: "consent.origin" }] });
    }
    expect(await listImports({ ctx, input: {} })).toEqual({ items: [], nextCursor: null });
  });

  it("refuses an empty file, and a mapping that does not fit the header, and can be uploaded again", async () => {
    const ctx = await ownerCtx();
    const imp = await createImport({ ctx, input: { format: "csv", columns: { Mail: "email" }, consent } });
    await expect(
      uploadImportFile({ ctx, input: { id: imp.id, ...upload(utf8("\uFEFF")) } }),
    ).rejects.toMatchObject({
      code: "unreadable_file",
      message: "The file is empty.",
    });
    await expect(
      uploadImportFile({ ctx, input: { id: imp.id, ...upload(utf8("email,name\na@example.com,A\n")) } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      fields: [{ path: "columns.Mail", message: "is not a column of the file (its columns: email, name)" }],
    });
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({ status: "awaiting_upload" });
    const queued = await uploadImportFile({
      ctx,
      input: { id: imp.id, ...upload(utf8("Mail\na@example.com\n")) },
    });
    expect(queued.status).toBe("queued");
    await expect(
      uploadImportFile({ ctx, input: { id: imp.id, ...upload(utf8("Mail\nb@example.com\n")) } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("an import of an XLSX workbook", () => {
  it("reads the first sheet's rows as contacts", async () => {
    const ctx = await ownerCtx();
    await withFields(ctx);
    const book = new XlsxWriter({ sheetName: "People" });
    book.addRow(["Email", "Phone", "First name", "Score", "VIP"]);
    book.addRow(["ann@example.com", "+41791234567", "Ann", 12, true]);
    book.addRow(["bob@example.com", null, "Bob", 7.5, false]);
    book.addRow(["nope", null, "X", 1, false]);
    const file = concat(...book.take(), ...book.finish());
    const imp = await createImport({ ctx, input: { format: "xlsx", defaultCountry: "CH", consent } });
    await uploadImportFile({ ctx, input: { id: imp.id, ...upload(file) } });
    await runImport(ctx, imp.id);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "completed",
      progress: { created: 2, failed: 1 },
    });
    const rows = await ctx.db
      .select({ email: contacts.email, phone: contacts.phone, attributes: contacts.attributes })
      .from(contacts)
      .where(eq(contacts.accountId, ctx.principal.accountId))
      .orderBy(asc(contacts.email));
    expect(rows).toEqual([
      {
        email: "ann@example.com",
        phone: "+41791234567",
        attributes: { first_name: "Ann", score: 12, vip: true },
      },
      { email: "bob@example.com", phone: null, attributes: { first_name: "Bob", score: 7.5, vip: false } },
    ]);
    expect(await report(ctx, imp.id)).toBe(
      [
        ["row", "column", "value", "error"],
        [4, "Email", "nope", "is not a valid email address"],
      ]
        .map(csvLine)
        .join(""),
    );
  });
});

describe("an import with text a database cannot keep", () => {
  const nul = "contains U+0000 (NUL), which cannot be stored";
  const people = async (ctx: Ctx) =>
    ctx.db
      .select({ email: contacts.email, attributes: contacts.attributes })
      .from(contacts)
      .where(eq(contacts.accountId, ctx.principal.accountId))
      .orderBy(asc(contacts.email));

  it("reports a CSV cell holding U+0000 as its row's error, and imports nothing of that row", async () => {
    const ctx = await ownerCtx();
    await withFields(ctx);
    const file = utf8(
      "Email,First name\r\nann@example.com,An\u0000n Smith\r\nbob@example.com,Bob\r\ncarl\u0000@example.com,Carl\r\n",
    );
    const imp = await createImport({ ctx, input: { format: "csv", consent } });
    await uploadImportFile({ ctx, input: { id: imp.id, ...upload(file) } });
    await runImport(ctx, imp.id);

    expect(await report(ctx, imp.id)).toBe(
      [
        ["row", "column", "value", "error"],
        [2, "First name", "An\uFFFDn Smith", nul],
        [4, "Email", "carl\uFFFD@example.com", nul],
      ]
        .map(csvLine)
        .join(""),
    );
    expect(await people(ctx)).toEqual([{ email: "bob@example.com", attributes: { first_name: "Bob" } }]);
  });

  it("reports workbook cells holding U+0000 or half a surrogate pair, and keeps other unusual text whole", async () => {
    const ctx = await ownerCtx();
    await withFields(ctx);
    const sheet = XLSX.utils.aoa_to_sheet([
      ["Email", "First name"],
      ["dan@example.com", "D\u0000an"],
      ["eve@example.com", "E\uD800ve"],
      ["fay@example.com", "F\u0001ay \uFFFF \u202Eyaf\u202C 😀"],
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, "Contacts");
    const file = new Uint8Array(XLSX.write(book, { type: "array", bookType: "biff8" }));
    const imp = await createImport({ ctx, input: { format: "xls", consent } });
    await uploadImportFile({ ctx, input: { id: imp.id, ...upload(file) } });
    await runImport(ctx, imp.id);

    expect(await report(ctx, imp.id)).toBe(
      [
        ["row", "column", "value", "error"],
        [2, "First name", "D\uFFFDan", nul],
        [
          3,
          "First name",
          "E\uFFFDve",
          "contains U+D800, half of a surrogate pair without its other half, which cannot be stored",
        ],
      ]
        .map(csvLine)
        .join(""),
    );
    expect(await people(ctx)).toEqual([
      { email: "fay@example.com", attributes: { first_name: "F\u0001ay \uFFFF \u202Eyaf\u202C 😀" } },
    ]);
  });
});

describe("an import of a legacy XLS workbook", () => {
  it("reads it through SheetJS, dates as ISO dates", async () => {
    const ctx = await ownerCtx();
    await createContactField({ ctx, input: { key: "birthday", label: "Birthday", type: "date" } });
    const sheet = XLSX.utils.aoa_to_sheet(
      [
        ["E-mail", "Birthday"],
        ["ann@example.com", new Date(Date.UTC(1990, 4, 17))],
      ],
      { cellDates: true },
    );
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, "Contacts");
    const file = new Uint8Array(XLSX.write(book, { type: "array", bookType: "biff8" }));
    const imp = await createImport({ ctx, input: { format: "xls", consent } });
    await uploadImportFile({ ctx, input: { id: imp.id, ...upload(file) } });
    await runImport(ctx, imp.id);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "completed",
      progress: { created: 1, failed: 0 },
    });
    const [ann] = await ctx.db
      .select({ email: contacts.email, attributes: contacts.attributes })
      .from(contacts)
      .where(eq(contacts.accountId, ctx.principal.accountId));
    expect(ann).toEqual({ email: "ann@example.com", attributes: { birthday: "1990-05-17" } });
  });
});
