package org.segrad.train;

/**
 * One line of the training history: mean training loss of the epoch's steps, the same loss on the validation split
 * (eval mode, no tape; NaN without a validation set, see {@link ValidationLoss}), validation mIoU (NaN without a
 * validation set), the learning rate the epoch's steps used, and its wall time in seconds.
 */
public record EpochRecord(int epoch, int steps, double trainLoss, double valLoss, double valMiou, double lr, double seconds) {}
