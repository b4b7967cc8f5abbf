package org.w2sg.model;

/** Architecture-independent facts about a loaded model that the extraction and probe stages need. */
public record ModelSpec(String modelType, int numLayers, int hiddenSize, int vocabSize, long padTokenId,
                        long nonEmbeddingParameters) {}
