/**
 * Neural-network building blocks on top of {@code org.segrad.autodiff}, with PyTorch's semantics and names.
 *
 * <ul>
 *   <li>{@link org.segrad.nn.Module} tree: {@link org.segrad.nn.Parameter}s and {@link org.segrad.nn.Buffer}s under
 *       dotted names, {@code train()/eval()}, {@code parameters()}, {@code stateDict()} (PyTorch's key order),
 *       {@code loadStateDict(map, strict)}, {@code to(DType)}, {@code save(path)/load(path)} as safetensors
 *       ({@link org.segrad.nn.Checkpoints}).</li>
 *   <li>Layers: {@link org.segrad.nn.Conv2d}, {@link org.segrad.nn.ConvTranspose2d}, {@link org.segrad.nn.BatchNorm2d},
 *       {@link org.segrad.nn.ReLU}, {@link org.segrad.nn.MaxPool2d}, {@link org.segrad.nn.Dropout},
 *       {@link org.segrad.nn.Sequential}, {@link org.segrad.nn.ModuleList}; PyTorch's default initialisation
 *       ({@link org.segrad.nn.Init}) from an explicit seed.</li>
 *   <li>{@link org.segrad.nn.UNet}: the SPEC §3 network, state-dict compatible with {@code shared/peers/torch_unet.py}.</li>
 *   <li>{@link org.segrad.nn.optim}: SGD, Adam, AdamW, LR schedules, gradient clipping.</li>
 * </ul>
 *
 * <p>A training step:
 * <pre>{@code
 * UNet model = new UNet(1, 2, 16, 4, seed);
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * LrScheduler sched = LrScheduler.poly(opt, epochs);
 * model.train();
 * opt.zeroGrad();
 * Tensor loss = lossFn.apply(model.forward(images), labels);
 * loss.backward();
 * GradClip.clipGradNorm(model.parameters(), 1.0);   // optional
 * opt.step();
 * // once per epoch: sched.step();   evaluation: try (InferenceMode m = InferenceMode.enter()) { model.forward(x); }
 * // (eval mode and no tape on this thread only: the model's flag and tensors are left as they are)
 * model.save(Path.of("model.safetensors"));         // loads in PyTorch: model.load_state_dict(load_file(...))
 * }</pre>
 */
package org.segrad.nn;
