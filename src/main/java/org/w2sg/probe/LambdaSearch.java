package org.w2sg.probe;

/**
 * The outcome of choosing lambda by k-fold CV on the training half: held-out accuracy (against the hard version of
 * the training targets, the only labels the training half has) for every lambda of the grid.
 */
public record LambdaSearch(double[] lambdas, double[] cvAccuracy, int folds, double chosen, double chosenAccuracy) {}
