package org.w2sg.hub;

import java.util.List;

/** A revision's commit and the files it holds (from {@code /api/models/REPO/revision/REV}). */
public record RevisionInfo(String commit, List<String> files) {}
