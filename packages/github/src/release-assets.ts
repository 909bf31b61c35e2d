import { Readable } from "node:stream";
import { z } from "zod";
import { isRelmError, type ByteStream } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call, isNotFound, isUnprocessable, parseAnswer, requestError } from "./call.ts";
import { assetSchema, releaseSchema } from "./schemas.ts";

export type Asset = z.infer<typeof assetSchema>;
type Release = z.infer<typeof releaseSchema>;

/** The assets of one draft release, used as a store: names are unique, an upload is an exclusive create. */
export interface ReleaseAssets {
  /** Every uploaded asset; none (and no request that writes) while the release does not exist yet. */
  list(): Promise<Asset[]>;
  download(asset: Asset): Promise<ByteStream>;
  text(asset: Asset): Promise<string>;
  /** Uploads (re-opening the body per attempt: a stream cannot be sent twice); false when the name exists. */
  upload(name: string, size: number, openBody: () => Readable): Promise<boolean>;
  uploadText(name: string, body: string): Promise<boolean>;
  /** Deletes an asset; one that is gone already is fine. */
  remove(asset: Asset): Promise<void>;
}

/**
 * The draft release `tag` as an asset store. It is looked up on every page of the repository's
 * releases (a draft has no `releases/tags/{tag}` answer, and older releases sit further back), and
 * made only by the first upload, so reading an empty registry writes nothing.
 */
export function releaseAssets(client: GitHubClient, tag: string): ReleaseAssets {
  const { octokit, owner, repo } = client;
  let release: Release | undefined;

  async function find(): Promise<Release | undefined> {
    if (release) return release;
    const endpoint = "GET /repos/{owner}/{repo}/releases";
    try {
      for await (const page of octokit.paginate.iterator(octokit.rest.repos.listReleases, { owner, repo, per_page: 100 })) {
        release = parseAnswer(endpoint, z.array(releaseSchema), page.data).find((r) => r.tag_name === tag);
        if (release) return release;
      }
    } catch (error) {
      throw isRelmError(error) ? error : requestError(endpoint, error);
    }
    return undefined;
  }

  async function findOrCreate(): Promise<Release> {
    const found = await find();
    if (found) return found;
    const endpoint = "POST /repos/{owner}/{repo}/releases";
    try {
      const { data } = await octokit.rest.repos.createRelease({ owner, repo, tag_name: tag, name: "relm registry", body: "The release registry of this repository, kept by relm. Do not publish or edit.", draft: true, make_latest: "false" });
      release = parseAnswer(endpoint, releaseSchema, data);
      return release;
    } catch (error) {
      // 422: made meanwhile (our own request whose answer was lost, or a parallel publisher).
      const landed = isUnprocessable(error) ? await find() : undefined;
      if (landed) return landed;
      throw isRelmError(error) ? error : requestError(endpoint, error);
    }
  }

  async function list(): Promise<Asset[]> {
    const r = await find();
    if (!r) return [];
    return call("GET /repos/{owner}/{repo}/releases/{release_id}/assets", z.array(assetSchema), () =>
      octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: r.id, per_page: 100 }).then((data) => ({ data })),
    );
  }

  async function download(asset: Asset): Promise<ByteStream> {
    try {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/releases/assets/{asset_id}", {
        owner,
        repo,
        asset_id: asset.id,
        headers: { accept: "application/octet-stream" },
        request: { parseSuccessResponseBody: false },
      });
      return data as unknown as ByteStream;
    } catch (error) {
      throw requestError("GET /repos/{owner}/{repo}/releases/assets/{asset_id}", error);
    }
  }

  async function remove(asset: Asset): Promise<void> {
    try {
      await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: asset.id });
    } catch (error) {
      if (!isNotFound(error)) throw requestError("DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}", error);
    }
  }

  // GitHub's API description takes asset bodies as application/octet-stream; the record keeps the media type.
  async function upload(name: string, size: number, openBody: () => Readable): Promise<boolean> {
    const r = await findOrCreate();
    for (let attempt = 1; ; attempt++) {
      try {
        await octokit.request({
          method: "POST",
          url: r.upload_url,
          name,
          headers: { "content-type": "application/octet-stream", "content-length": String(size) },
          data: Readable.toWeb(openBody()),
          request: { retries: 0 },
        });
        return true;
      } catch (error) {
        if (isUnprocessable(error)) {
          // The name exists: whole (an earlier attempt landed), or half-made (GitHub: state "starter"), which goes.
          const stale = (await list()).find((a) => a.name === name && a.state !== "uploaded");
          if (!stale) return false;
          await remove(stale);
        } else if (attempt >= 3) {
          throw requestError("POST /repos/{owner}/{repo}/releases/{release_id}/assets", error);
        }
      }
    }
  }

  return {
    list,
    download,
    async text(asset) {
      const chunks: Uint8Array[] = [];
      for await (const c of await download(asset)) chunks.push(c);
      return Buffer.concat(chunks).toString("utf8");
    },
    upload,
    uploadText(name, body) {
      const bytes = Buffer.from(body, "utf8");
      return upload(name, bytes.length, () => Readable.from([bytes]));
    },
    remove,
  };
}
