"use client";

import { useI18n } from "@/components/shell/i18n-provider";
import { PageShell } from "@/components/shell/page-shell";
import { TableHead } from "@/components/shell/table-head";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/ui/cn";
import type { FieldRow, OpenApiDoc, OperationView } from "@/lib/ui/openapi-view";

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-emerald-100 text-emerald-800",
  POST: "bg-indigo-100 text-indigo-800",
};

/** The OpenAPI document as a page: a table of contents, then each route's fields, example and responses. */
export function ApiDocs({
  info,
  operations,
  errorFields,
}: {
  info: NonNullable<OpenApiDoc["info"]>;
  operations: readonly OperationView[];
  errorFields: readonly FieldRow[];
}) {
  const { t } = useI18n();
  return (
    <PageShell title={t("apiDocs.title")} tagline={t("apiDocs.tagline")}>
      <Card>
        <CardHeader>
          <CardTitle>
            {info.title} <span className="text-sm font-normal text-slate-600">{info.version}</span>
          </CardTitle>
          <CardDescription>{info.description}</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <p className="text-xs text-slate-600">
            {t("apiDocs.langNote")}{" "}
            <a href="/api/openapi.json" className="font-medium text-indigo-700 underline underline-offset-2">
              {t("apiDocs.raw", { path: "/api/openapi.json" })}
            </a>
          </p>
          <nav aria-label={t("apiDocs.routes")}>
            <ul className="grid gap-1 sm:grid-cols-2">
              {operations.map((op) => (
                <li key={op.id}>
                  <a href={`#${op.id}`} className="flex items-baseline gap-2 rounded px-1 hover:bg-slate-50">
                    <Method method={op.method} />
                    <code className="text-slate-900">{op.path}</code>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </CardContent>
      </Card>

      {operations.map((op) => (
        <Operation key={op.id} op={op} />
      ))}

      <Card>
        <CardHeader>
          <CardTitle>{t("apiDocs.errorBody")}</CardTitle>
          <CardDescription>{t("apiDocs.errorIntro")}</CardDescription>
        </CardHeader>
        <CardContent>
          <Fields rows={errorFields} caption={t("apiDocs.errorBody")} />
        </CardContent>
      </Card>
    </PageShell>
  );
}

function Method({ method }: { method: string }) {
  return (
    <span className={cn("rounded px-1.5 py-0.5 font-mono text-xs font-semibold", METHOD_STYLE[method])}>{method}</span>
  );
}

function Operation({ op }: { op: OperationView }) {
  const { t } = useI18n();
  const ok = op.responses.find((r) => r.status.startsWith("2"));
  return (
    <Card id={op.id} data-testid="api-operation" data-path={op.path} className="scroll-mt-4">
      <CardHeader>
        <CardTitle>
          <Method method={op.method} />
          <code>{op.path}</code>
        </CardTitle>
        <CardDescription className="text-slate-700">{op.summary}</CardDescription>
        {op.description && <CardDescription>{op.description}</CardDescription>}
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {op.request && (
          <section className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold text-slate-800">{t("apiDocs.request")}</h3>
            <Fields rows={op.request.fields} caption={`${t("apiDocs.request")} · ${op.path}`} />
            <h4 className="text-xs font-semibold text-slate-700">{t("apiDocs.example")}</h4>
            <pre
              data-testid="api-example"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable, so a keyboard can scroll a long example
              tabIndex={0}
              className="max-h-64 overflow-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100"
            >
              <code>{JSON.stringify(op.request.example, null, 2)}</code>
            </pre>
          </section>
        )}
        <section className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold text-slate-800">{t("apiDocs.responses")}</h3>
          <dl className="flex flex-col gap-1.5 text-sm">
            {op.responses.map((r) => (
              <div key={r.status} className="flex gap-3">
                <dt className="w-12 shrink-0 font-mono font-semibold text-slate-900">{r.status}</dt>
                <dd className="min-w-0 text-slate-700">
                  {r.description}
                  {r.contentType && (
                    <span className="ml-1 text-xs text-slate-600">
                      ({r.schemaName ? `${r.schemaName}, ` : ""}
                      {r.contentType})
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          {ok && ok.fields.length > 0 && (
            <details className="rounded-lg ring-1 ring-slate-200">
              <summary className="cursor-pointer px-3 py-2 text-sm text-slate-700">
                {t("apiDocs.fields", { name: ok.schemaName ?? ok.status })}
              </summary>
              <div className="px-3 pb-3">
                <Fields rows={ok.fields} caption={t("apiDocs.fields", { name: ok.schemaName ?? ok.status })} />
              </div>
            </details>
          )}
        </section>
      </CardContent>
    </Card>
  );
}

/** Field rows as a table; a nested field is indented under its parent. */
function Fields({ rows, caption }: { rows: readonly FieldRow[]; caption: string }) {
  const { t } = useI18n();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable, so a keyboard can scroll a wide table
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="w-full min-w-[36rem] text-left text-xs">
        <caption className="sr-only">{caption}</caption>
        <TableHead
          className="text-slate-600"
          cell="py-1 pr-3"
          columns={[
            { label: t("apiDocs.field") },
            { label: t("apiDocs.type") },
            { label: t("apiDocs.required") },
            { label: t("apiDocs.description") },
          ]}
        />
        <tbody className="align-top">
          {rows.map((f) => (
            <tr key={f.name} data-testid="api-field" data-name={f.name} className="border-t border-slate-100">
              <td className="py-1.5 pr-3 font-mono text-slate-900">
                <span style={{ paddingLeft: `${(f.name.split(".").length - 1) * 0.75}rem` }}>{f.name}</span>
              </td>
              <td className="py-1.5 pr-3 font-mono text-slate-700">{f.type}</td>
              <td className="py-1.5 pr-3 text-slate-700">{f.required ? t("apiDocs.yes") : t("apiDocs.optional")}</td>
              <td className="py-1.5 text-slate-700">
                {f.description}
                {f.limits && <span className="block text-slate-600">{f.limits}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
