package org.segrad.train;

/** One line of the training history: mean training loss, validation mIoU (NaN without a validation set), lr, time. */
public record EpochRecord(int epoch, int steps, double trainLoss, double valMiou, double lr, double seconds) {}
