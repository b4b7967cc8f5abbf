package org.w2sg.extract;

import java.util.List;

/**
 * partial/plan.json: what an extraction in progress is computing. A rerun resumes the finished groups only when its
 * plan is equal; otherwise the partial results are discarded.
 */
record PartialPlan(EntryIdentity identity, List<Integer> layers, List<String> poolings, List<String> ids, int batchTokens,
                   int groupExamples, String padding, int baseRows) {}
