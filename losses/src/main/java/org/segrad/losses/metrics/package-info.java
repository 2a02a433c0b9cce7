/**
 * Segmentation metrics on integer masks: per-class IoU and Dice with their nan-means ({@link
 * org.segrad.losses.metrics.ClassCounts}), and the 95th-percentile Hausdorff distance ({@link
 * org.segrad.losses.metrics.Hausdorff}).
 */
package org.segrad.losses.metrics;
