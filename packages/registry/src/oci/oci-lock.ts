import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { RelmError } from "@relm/core/errors";
import type { OciHttp } from "./oci-http.ts";
import { uploadBlobBytes } from "./oci-blobs.ts";
import { artifactManifest, EMPTY_DIGEST, EMPTY_JSON, EMPTY_MEDIA_TYPE, getManifest, putManifest } from "./oci-manifests.ts";

export const LOCK_TAG = "relm-lock";
const LOCK_TYPE = "application/vnd.relm.lock.v1+json";
const HOLDER = "dev.relm.lock.holder";
const EXPIRES = "dev.relm.lock.expires";

export interface OciLockOptions {
  /** How long to wait after claiming before trusting the claim (must exceed one request's latency). */
  settleMs: number;
  leaseMs: number;
  waitMs: number;
}

/**
 * The distribution API has no compare-and-swap: a tag PUT always overwrites. The lock is Fischer's
 * timed mutual exclusion on the tag `relm-lock`: read it free, write our claim, wait `settleMs`, read it
 * again; the claim is ours only if no one overwrote it meanwhile. It is exclusive as long as a
 * publisher's read-then-write takes less than `settleMs`; a lease ends a killed holder's claim.
 */
export async function withOciLock<T>(http: OciHttp, options: OciLockOptions, critical: () => Promise<T>): Promise<T> {
  const me = randomUUID();
  const started = Date.now();
  // The lock manifest's config and layer: the empty blob must exist before a manifest may name it.
  await uploadBlobBytes(http, EMPTY_JSON);
  for (let attempt = 0; ; attempt += 1) {
    const held = await holder(http);
    if (!held || held.expires < Date.now()) {
      await putManifest(http, LOCK_TAG, lockManifest(me, Date.now() + options.leaseMs));
      await sleep(options.settleMs);
      if ((await holder(http))?.id === me) break;
    }
    if (Date.now() - started > options.waitMs) {
      throw new RelmError("RELM_REGISTRY_LOCKED", "conflict", `the OCI registry ${http.target.origin}/${http.target.repository} is locked by another publisher`, {
        details: [{ where: `${http.target.repository}:${LOCK_TAG}`, message: held ? `held by ${held.id} until ${new Date(held.expires).toISOString()}` : "claimed by someone else meanwhile" }],
        hint: "Wait for the other publish to finish; a killed publisher's lock ends with its lease.",
      });
    }
    await sleep(Math.min(100 * 2 ** Math.min(attempt, 4), 1500) + Math.floor(Math.random() * 100));
  }
  try {
    return await critical();
  } finally {
    if ((await holder(http).catch(() => undefined))?.id === me) await putManifest(http, LOCK_TAG, lockManifest("", 0)).catch(() => undefined);
  }
}

async function holder(http: OciHttp): Promise<{ id: string; expires: number } | undefined> {
  const found = await getManifest(http, LOCK_TAG);
  const id = found?.manifest.annotations?.[HOLDER];
  if (!id) return undefined;
  return { id, expires: Number(found.manifest.annotations?.[EXPIRES] ?? 0) };
}

function lockManifest(id: string, expires: number) {
  return artifactManifest(LOCK_TYPE, [{ mediaType: EMPTY_MEDIA_TYPE, digest: EMPTY_DIGEST, size: 2 }], { [HOLDER]: id, [EXPIRES]: String(expires) });
}
