import {
  Context,
  type Emitter,
  type FS,
  Liquid,
  type LiquidOptions,
  type Template,
  toValue,
  toValueSync,
} from "liquidjs";
import { type FieldProblem, InvalidFields } from "../errors";
import { plainVariables } from "./variables";

/** The parts of an email a template has; `subject` is a header line, `html` the only HTML part. */
export type TemplateField = "subject" | "html" | "text";

/** Bounds on what a template may be and do, so an account's template cannot exhaust a worker. */
export const TEMPLATE_LIMITS = {
  /** RFC 5322's line length: a subject is one header. */
  subject: 998,
  /** Characters of an HTML or text part, as stored. */
  body: 512 * 1024,
  /** Characters one render of one part may produce (the same bound as content sent directly). */
  output: 1_000_000,
  /** Tag, output and text nodes one render may evaluate (loops count every pass). */
  steps: 100_000,
  /** LiquidJS's allocation budget per render: characters and array items created by filters and ranges. */
  memory: 10_000_000,
  /** Wall-clock budget per render, in ms. workerd stops its clocks while code runs, so there the
   * step and memory budgets are what stops a runaway template; in Node this one does too. */
  renderMs: 1_000,
} as const;

/** Includes, layouts and partials are not part of a customer's template: there are no files to read. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`no template files (${file})`);
  },
  readFileSync: (file) => {
    throw new Error(`no template files (${file})`);
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

const UNTRUSTED: LiquidOptions = {
  fs: NO_FILES,
  root: [],
  partials: [],
  layouts: [],
  relativeReference: false,
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  jsTruthy: false,
  timezoneOffset: 0,
  locale: "en-US",
  parseLimit: TEMPLATE_LIMITS.body,
  renderLimit: TEMPLATE_LIMITS.renderMs,
  memoryLimit: TEMPLATE_LIMITS.memory,
};

interface FilterThis {
  context: Context;
}

/** A value as LiquidJS prints it: `nil` and missing values empty, arrays joined without separator. */
function printed(value: unknown): string {
  const plain: unknown = toValue(value);
  if (typeof plain === "string") return plain;
  if (plain === null || plain === undefined) return "";
  if (Array.isArray(plain)) return plain.map(printed).join("");
  return String(plain);
}

/** Every value printed is charged to the render's memory budget, so a capture that doubles itself stops. */
function charged(this: FilterThis, value: unknown): string {
  const text = printed(value);
  this.context.memoryLimit.use(text.length);
  return text;
}

function engine(outputEscape: LiquidOptions["outputEscape"]): Liquid {
  const liquid = new Liquid({ ...UNTRUSTED, outputEscape });
  for (const tag of ["include", "render", "layout"]) {
    liquid.registerTag(tag, {
      parse() {
        throw new Error(`the ${tag} tag is not available in Edgepost templates`);
      },
      render() {},
    });
  }
  // Asynchronous in browsers and workerd, synchronous in Node: not offered rather than different.
  for (const filter of ["sha256", "hmac_sha256"]) liquid.unregisterFilter(filter);
  // `| raw` opts out of escaping, not out of the memory budget.
  liquid.registerFilter("raw", { raw: true, handler: charged });
  return liquid;
}

/** HTML: every `{{ value }}` goes through LiquidJS's `escape` (charged to the budget) unless it ends in `| raw`. */
const htmlEngine = engine("escape");
/** Subject and text are not HTML: values are printed as they are, and charged to the budget. */
const textEngine = engine(charged as (value: unknown) => string);

const engineFor = (field: TemplateField) => (field === "html" ? htmlEngine : textEngine);

function problem(field: string, error: unknown): InvalidFields {
  const message = error instanceof Error ? error.message : String(error);
  return new InvalidFields([{ path: field, message: message.slice(0, 500) }]);
}

function parse(field: TemplateField, source: string): Template[] {
  try {
    return engineFor(field).parse(source);
  } catch (error) {
    throw problem(field, error);
  }
}

/**
 * Checks that each given part is a valid template (syntax, known filters, no includes), naming
 * every part that is not. Used when a template is saved, so that sending never meets a syntax error.
 */
export function checkTemplate(template: { subject?: string; html?: string | null; text?: string | null }) {
  const problems: FieldProblem[] = [];
  for (const field of ["subject", "html", "text"] as const) {
    const source = template[field];
    if (typeof source !== "string") continue;
    try {
      parse(field, source);
    } catch (error) {
      if (!(error instanceof InvalidFields)) throw error;
      problems.push(...(error.fields ?? []));
    }
  }
  if (problems.length > 0) throw new InvalidFields(problems);
}

/** A step-counting, clock-checking stand-in for LiquidJS's render limiter, checked before every node. */
function renderBudget(): Context["renderLimit"] {
  let steps = 0;
  const deadline = Date.now() + TEMPLATE_LIMITS.renderMs;
  const budget = {
    use() {},
    check() {
      steps += 1;
      if (steps > TEMPLATE_LIMITS.steps) throw new Error("render step limit exceeded");
      if (Date.now() > deadline) throw new Error("render time limit exceeded");
    },
  };
  return budget as unknown as Context["renderLimit"];
}

/** Collects a render's output, refusing to grow past the output bound. */
function boundedOutput(): Emitter {
  return {
    buffer: "",
    write(value: unknown) {
      const text = printed(value);
      if (this.buffer.length + text.length > TEMPLATE_LIMITS.output) {
        throw new Error(`output size limit exceeded (${TEMPLATE_LIMITS.output} characters)`);
      }
      this.buffer += text;
    },
  };
}

function renderParsed(
  field: TemplateField,
  templates: Template[],
  variables: Record<string, unknown>,
): string {
  const liquid = engineFor(field);
  try {
    const ctx = new Context(
      variables,
      liquid.options,
      { sync: true },
      { liquid, renderLimit: renderBudget() },
    );
    return String(toValueSync(liquid.renderer.renderTemplates(templates, ctx, boundedOutput())));
  } catch (error) {
    throw problem(field, error);
  }
}

/** A subject is one header line: line breaks become spaces and other control characters go. */
function oneLine(subject: string): string {
  let out = "";
  let pendingSpace = false;
  for (const char of subject) {
    const code = char.codePointAt(0) ?? 0;
    const isBreak = char === "\r" || char === "\n" || char === "\t" || char === "\u2028" || char === "\u2029";
    if (isBreak) {
      pendingSpace = true;
      continue;
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) continue;
    if (pendingSpace && out.length > 0) out += " ";
    pendingSpace = false;
    out += char;
  }
  return out;
}

/** A rendered email: the subject one header line, each part present when the template has it. */
export interface Rendered {
  subject: string;
  html?: string;
  text?: string;
}

type Source = { subject: string; html?: string | null | undefined; text?: string | null | undefined };

/**
 * A template parsed once, to be rendered for many recipients (a campaign): see {@link renderTemplate}.
 * Fails with `invalid_input` naming the part whose syntax is wrong.
 */
export function compileTemplate(template: Source): (variables: Record<string, unknown>) => Rendered {
  const subject = parse("subject", template.subject);
  const html = typeof template.html === "string" ? parse("html", template.html) : undefined;
  const text = typeof template.text === "string" ? parse("text", template.text) : undefined;
  return (variables) => {
    const scope = plainVariables(variables);
    const line = oneLine(renderParsed("subject", subject, scope));
    if (line.length > TEMPLATE_LIMITS.subject) {
      throw new InvalidFields([
        { path: "subject", message: `renders to more than ${TEMPLATE_LIMITS.subject} characters` },
      ]);
    }
    const out: Rendered = { subject: line };
    if (html) out.html = renderParsed("html", html, scope);
    if (text) out.text = renderParsed("text", text, scope);
    return out;
  };
}

/** The variables each part of a template reads (`contact.first_name` → `["contact", "first_name"]`). */
export function mergeFields(template: Source): { field: TemplateField; path: string[] }[] {
  const fields: { field: TemplateField; path: string[] }[] = [];
  for (const field of ["subject", "html", "text"] as const) {
    const source = template[field];
    if (typeof source !== "string") continue;
    for (const segments of engineFor(field).globalVariableSegmentsSync(parse(field, source)))
      fields.push({ field, path: segments.map(String) });
  }
  return fields;
}

/**
 * Renders a template with merge variables (Liquid syntax): the HTML part with every value
 * HTML-escaped (`| raw` opts out), the subject and text parts as they are. Variables must be plain
 * JSON values. Missing variables render empty; unknown filters, includes, and templates that run
 * past the step, memory, time or output limits fail with `invalid_input` naming the part
 * (`subject`, `html`, `text`, or `variables` for the variables themselves).
 */
export function renderTemplate(template: Source, variables: Record<string, unknown>): Rendered {
  return compileTemplate(template)(variables);
}
