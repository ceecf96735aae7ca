import { type ByteSource, UnreadableFile } from "./sheet";
import { xmlAttributes } from "./xml-text";
import type { ZipEntry } from "./zip-directory";
import { entryText } from "./zip-entry";

/** The parts of an XLSX that reading its first worksheet needs. */
export interface WorkbookParts {
  sheet: ZipEntry;
  sharedStrings?: ZipEntry;
  styles?: ZipEntry;
  /** Dates count from 1904-01-01 (old Mac Excel) rather than 1900. */
  date1904: boolean;
}

/** workbook.xml and the relationship files are small; more is not a real workbook. */
const MAX_PART_BYTES = 16 << 20;

/**
 * Finds the first worksheet the way Excel does: the package's relationships name the workbook part,
 * whose first `<sheet>` (a visible one if any) names, through the workbook's relationships, its part.
 * Chart sheets are passed over; nothing assumes `sheet1.xml`.
 */
export async function findWorkbookParts(
  source: ByteSource,
  zip: Map<string, ZipEntry>,
): Promise<WorkbookParts> {
  const part = async (path: string) => {
    const entry = zip.get(path.toLowerCase());
    return entry && entryText(source, entry, MAX_PART_BYTES, `has a ${path} over 16 MiB: save it as CSV`);
  };
  const packageRels = relationships((await part("_rels/.rels")) ?? "", "");
  const workbookPath =
    packageRels.find((rel) => rel.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml";
  const workbook = await part(workbookPath);
  if (workbook === undefined) throw new UnreadableFile("is not an XLSX file");
  const folder = workbookPath.slice(0, workbookPath.lastIndexOf("/") + 1);
  const rels = relationships(
    (await part(`${folder}_rels/${workbookPath.slice(folder.length)}.rels`)) ?? "",
    folder,
  );

  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)].map(([, attributes = ""]) =>
    xmlAttributes(attributes),
  );
  const worksheets = sheets
    .map((sheet) => ({ state: sheet.state, rel: rels.find((rel) => rel.id === sheet.id) }))
    .filter(({ rel }) => rel?.type.endsWith("/worksheet"));
  const first = worksheets.find(({ state }) => state !== "hidden" && state !== "veryHidden") ?? worksheets[0];
  const sheet = first?.rel && zip.get(first.rel.target.toLowerCase());
  if (!sheet) throw new UnreadableFile("has no worksheet");

  const related = (type: string) => {
    const target = rels.find((rel) => rel.type.endsWith(type))?.target;
    return target === undefined ? undefined : zip.get(target.toLowerCase());
  };
  const properties = xmlAttributes(/<(?:\w+:)?workbookPr\b([^>]*)>/.exec(workbook)?.[1] ?? "");
  return {
    sheet,
    sharedStrings: related("/sharedStrings"),
    styles: related("/styles"),
    date1904: properties.date1904 === "1" || properties.date1904 === "true",
  };
}

interface Relationship {
  id: string;
  type: string;
  /** The target's path in the archive. */
  target: string;
}

/** The internal relationships in a `.rels` part, targets resolved against `folder`. */
function relationships(xml: string, folder: string): Relationship[] {
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)]
    .map(([, attributes = ""]) => xmlAttributes(attributes))
    .filter((rel) => rel.TargetMode !== "External")
    .map((rel) => ({
      id: rel.Id ?? "",
      type: rel.Type ?? "",
      target: resolvePath(folder, rel.Target ?? ""),
    }));
}

/** `target` as a path in the archive: absolute ("/xl/…") or relative to `folder`; "." and ".." resolved. */
function resolvePath(folder: string, target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : folder + target;
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}
