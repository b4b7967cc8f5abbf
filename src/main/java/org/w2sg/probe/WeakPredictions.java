package org.w2sg.probe;

/**
 * What a weak supervisor says: its P(y=1) on the transfer half B (which become the w2s probe's training targets)
 * and on the test set T (which give {@code weak_acc}).
 *
 * @param description e.g. "pythia-70m@step143000:3 gold probe" or "noisy-gold:0.2", for run records
 */
public record WeakPredictions(double[] transfer, double[] test, String description) {}
