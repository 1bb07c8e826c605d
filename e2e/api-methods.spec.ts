/**
 * Over real HTTP to the production server: every API route answers the methods it does not serve with 405, `Allow`
 * and its error shape — TRACE included, which Next cannot represent and used to answer with a text/plain 500 — and
 * its OPTIONS answer lists the same methods.
 */

import { expect, test } from "@playwright/test";
import { API_ROUTES, type ApiRoutePath, allowedMethods } from "@/lib/api/routes";
import { rawRequest } from "../tests/helpers/raw-request";

for (const route of Object.keys(API_ROUTES) as ApiRoutePath[]) {
  test(`${route} answers the methods it does not serve with 405 and Allow`, async ({ baseURL }) => {
    const allow = allowedMethods(route).join(", ");
    const { method: own, errors } = API_ROUTES[route];
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND", own === "GET" ? "POST" : "GET"]) {
      const r = await rawRequest(`${baseURL}${route}`, { method });
      expect({ method, status: r.status, allow: r.headers.allow }).toEqual({ method, status: 405, allow });
      const { error } = JSON.parse(r.body);
      expect(error.message).toBe(`${method} is not allowed on ${route}; it answers ${allow}`);
      expect(errors === "openai" ? [error.code, error.param] : [error.type]).toEqual(
        errors === "openai" ? ["method_not_allowed", null] : ["method_not_allowed"],
      );
    }
    const options = await rawRequest(`${baseURL}${route}`, { method: "OPTIONS" });
    expect({ status: options.status, allow: options.headers.allow }).toEqual({ status: 204, allow });
  });
}
