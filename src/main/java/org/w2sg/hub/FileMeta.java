package org.w2sg.hub;

import java.net.URI;

/**
 * What the Hub says about one file at one revision (from the resolve HEAD): the commit the revision points at, the
 * ETag that names the blob (for LFS files X-Linked-Etag, the content's sha256), its size (-1 unknown) and the URL
 * that serves the bytes (the CDN location of a redirect, else the resolve URL itself). For a plain URL download
 * (no repo) the commit is null and the etag is the sha256 the caller pinned.
 */
public record FileMeta(String commit, String etag, long size, URI downloadUrl) {
    /** LFS files are content-addressed by sha256, which lets a download be verified before it is published. */
    public boolean hasSha256() {
        return etag.matches("[0-9a-f]{64}");
    }
}
