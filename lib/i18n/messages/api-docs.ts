/** Text of the API docs page (`/docs/api`): the OpenAPI document as a page. The API's own descriptions stay English. */

const en = {
  "nav.apiDocs": "API docs",
  "apiDocs.title": "HTTP API",
  "apiDocs.tagline":
    "Every route this server answers, read from its OpenAPI document: methods, request and response fields, limits and errors.",
  "apiDocs.raw": "The document as JSON: {path}",
  "apiDocs.routes": "Routes",
  "apiDocs.request": "Request body",
  "apiDocs.example": "Example request",
  "apiDocs.responses": "Responses",
  "apiDocs.field": "Field",
  "apiDocs.type": "Type",
  "apiDocs.required": "Required",
  "apiDocs.optional": "optional",
  "apiDocs.yes": "yes",
  "apiDocs.description": "Description",
  "apiDocs.fields": "Fields of the {name} answer",
  "apiDocs.errorBody": "Error body",
  "apiDocs.errorIntro": "Every error answer has this shape (/v1/embeddings: OpenAI's).",
  "apiDocs.langNote": "The API's own descriptions are in English.",
} as const;

const zh: Record<keyof typeof en, string> = {
  "nav.apiDocs": "API 文档",
  "apiDocs.title": "HTTP API",
  "apiDocs.tagline": "本服务器提供的每个接口，直接读自其 OpenAPI 文档：方法、请求与响应字段、限制和错误。",
  "apiDocs.raw": "JSON 格式的文档：{path}",
  "apiDocs.routes": "接口",
  "apiDocs.request": "请求体",
  "apiDocs.example": "请求示例",
  "apiDocs.responses": "响应",
  "apiDocs.field": "字段",
  "apiDocs.type": "类型",
  "apiDocs.required": "必填",
  "apiDocs.optional": "可选",
  "apiDocs.yes": "是",
  "apiDocs.description": "说明",
  "apiDocs.fields": "{name} 响应的字段",
  "apiDocs.errorBody": "错误响应体",
  "apiDocs.errorIntro": "每个错误响应都是这种结构（/v1/embeddings 用 OpenAI 的结构）。",
  "apiDocs.langNote": "API 自身的说明为英文。",
};

export const API_DOCS = { en, zh };
