import type { Metadata } from "next";
import { ApiDocs } from "@/components/api-docs/api-docs";
import { openApiDocument } from "@/lib/api/openapi";
import { fieldRows, type OpenApiDoc, operationsOf } from "@/lib/ui/openapi-view";

export const metadata: Metadata = { title: "HTTP API · bge-m3 Studio" };

/** The API docs, read from the same document `/api/openapi.json` serves. */
export default function ApiDocsPage() {
  const doc = openApiDocument() as OpenApiDoc;
  const errorFields = fieldRows(doc, doc.components?.schemas?.ErrorBody ?? {});
  return <ApiDocs info={doc.info ?? {}} operations={operationsOf(doc)} errorFields={errorFields} />;
}
