package org.w2sg.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint revision present on disk: the snapshot folder (snapshots/COMMIT) and the files the harness took.
 * {@code weightFiles} are the tensor files (single or shards, not the index); {@code files} all fetched files.
 */
public record Snapshot(RepoId repo, String revision, String commit, Path dir, List<String> weightFiles, List<String> files) {}
