// Email templates: stored Liquid templates with merge variables, and the renderer sends use.
export { createTemplate, createTemplateInput } from "./create-template";
export { deleteTemplate } from "./delete-template";
export { renderTemplate, TEMPLATE_LIMITS, type TemplateField } from "./engine";
export { getTemplate } from "./get-template";
export { listTemplates, listTemplatesInput } from "./list-templates";
export { previewTemplate, previewTemplateInput } from "./preview-template";
export { templateId } from "./template-fields";
export { updateTemplate, updateTemplateInput } from "./update-template";
