// The manifest's content (see legal-manifest.ts); prerendered to /legal-manifest.json.
import type { APIRoute } from 'astro';
import { buildLegalManifest } from '../src/lib/legal';

export const prerender = true;

export const GET: APIRoute = async () =>
  new Response(`${JSON.stringify(await buildLegalManifest(), null, 2)}\n`, {
    headers: { 'content-type': 'application/json' },
  });
