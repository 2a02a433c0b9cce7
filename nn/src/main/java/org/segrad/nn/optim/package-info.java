/**
 * Optimizers with PyTorch's update rules ({@link org.segrad.nn.optim.SGD}, {@link org.segrad.nn.optim.Adam},
 * {@link org.segrad.nn.optim.AdamW}), learning-rate schedules ({@link org.segrad.nn.optim.LrScheduler}: step, cosine,
 * poly) and gradient clipping by global norm ({@link org.segrad.nn.optim.GradClip}). Each is checked against
 * trajectories recorded by PyTorch (OptimizerParityTest).
 */
package org.segrad.nn.optim;
