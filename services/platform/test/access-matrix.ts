import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '@platform/gateway';
import type { Reply } from './http-client';

/**
 * The authorization matrix's two halves: the gateway's route table as Express serves it, joined to
 * the `@Access` rule Nest holds on each handler, and what each role must get under each rule.
 */
export type Role = 'anonymous' | 'mrao' | 'raoOwn' | 'raoOther' | 'draoOwn' | 'draoOther';
export const ROLES: readonly Role[] = ['anonymous', 'raoOther', 'draoOther', 'draoOwn', 'raoOwn', 'mrao'];

export interface Route {
  method: string;
  path: string;
  rule?: AccessRule;
}

/**
 * Not bearer-token routes: ACME authenticates every request with a JWS signed by the account key
 * (RFC 8555), so its authorization is tested by the ACME suite, not here. Exempt by prefix.
 */
export const EXEMPT_PREFIXES = ['/acme'];

/**
 * Served by SwaggerModule, not by a Nest handler, so no decorator can sit on them: the API's
 * description is public by design and checked as such.
 */
const API_DOCS = /^\/api\/(docs|openapi\.json)/;

const normalise = (...parts: string[]) => `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

/** Every route Express serves (what a client can reach), with the rule of the Nest handler behind it. */
export function routeTable(app: INestApplication): Route[] {
  const rules = new Map<string, AccessRule | undefined>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat()[0] as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        for (const path of [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[])
          rules.set(`${method} ${normalise(base, path)}`, Reflect.getMetadata(ACCESS_RULE, handler));
      }
    }
  const express = app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  const routes: Route[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') continue;
      const key = `${method.toUpperCase()} ${normalise(layer.route.path)}`;
      const path = normalise(layer.route.path);
      if (routes.some((r) => r.method === method.toUpperCase() && r.path === path)) continue;
      routes.push({ method: method.toUpperCase(), path, rule: rules.get(key) ?? (API_DOCS.test(path) ? { kind: 'public' } : undefined) });
    }
  }
  return routes.filter((r) => !EXEMPT_PREFIXES.some((p) => r.path === p || r.path.startsWith(`${p}/`)));
}

type Expectation = 'allowed' | 'hidden' | 'forbidden' | 'denied' | 'unauthenticated' | 'public' | 'any-signed-in';

/** What a role must get under a rule, against the own organisation A / department A1's resources. */
export function expectation(rule: AccessRule, role: Role): Expectation {
  if (rule.kind === 'public') return 'public';
  if (role === 'anonymous') return 'unauthenticated';
  switch (rule.kind) {
    case 'signed-in':
      return 'allowed';
    case 'capability':
      return 'any-signed-in';
    case 'mrao':
      return role === 'mrao' ? 'allowed' : 'denied';
    case 'org':
      if (role === 'mrao' || role === 'raoOwn') return 'allowed';
      if (role === 'raoOther') return 'hidden';
      return rule.drao === 'read' ? 'allowed' : rule.drao === 'forbidden' ? 'forbidden' : 'hidden';
    case 'department':
      return role === 'raoOther' || role === 'draoOther' ? 'hidden' : 'allowed';
  }
}

/** Undefined when the reply fits; otherwise why not. */
export function misfit(expected: Expectation, reply: Reply): string | undefined {
  const { status } = reply;
  const code = typeof reply.body === 'object' && reply.body ? reply.body.code : undefined;
  const fits = (() => {
    // A 429 says nothing about the rule: the matrix must reach it.
    if (status >= 500 || status === 429) return false;
    switch (expected) {
      case 'public':
        return code !== 'UNAUTHENTICATED' && status !== 403;
      case 'unauthenticated':
        return status === 401 && code === 'UNAUTHENTICATED';
      case 'allowed':
        return ![401, 403, 404].includes(status);
      case 'any-signed-in':
        return status !== 401 && status !== 403;
      case 'hidden':
        return status === 404;
      case 'forbidden':
        return status === 403;
      case 'denied':
        return status === 403 || status === 404;
    }
  })();
  return fits ? undefined : `expected ${expected}, got ${status} ${code ?? ''}`.trim();
}
