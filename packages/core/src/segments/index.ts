// Segments: saved filters over an account's contacts (attributes, list status, engagement),
// compiled to parameterised SQL when used.
export {
  attributePath,
  compileSegmentFilter,
  escapeLike,
  type FieldType,
  type FilterScope,
  filterProblems,
  loadFilterScope,
} from "./compile";
export { compileSegmentCount } from "./compile-count";
export { countSegment } from "./count-segment";
export { createSegment, createSegmentInput } from "./create-segment";
export { deleteSegment } from "./delete-segment";
export {
  ENGAGEMENTS,
  type Engagement,
  type EngagementCondition,
  FIELD_OPS,
  type FieldCondition,
  type FieldOp,
  type FilterValue,
  type ListCondition,
  SEGMENT_FILTER_LIMITS,
  type SegmentCondition,
  type SegmentFilter,
  segmentFilter,
} from "./filter";
export { getSegment } from "./get-segment";
export { listSegmentContacts, listSegmentContactsInput } from "./list-segment-contacts";
export { listSegments, listSegmentsInput } from "./list-segments";
export { previewSegment, previewSegmentInput } from "./preview-segment";
export { segmentId } from "./segment-fields";
export { updateSegment, updateSegmentInput } from "./update-segment";
