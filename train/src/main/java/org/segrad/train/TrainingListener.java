package org.segrad.train;

/** Progress callbacks of {@link Trainer} (the CLI draws its progress bar from them). All default to nothing. */
public interface TrainingListener {
    default void epochStarted(int epoch, int epochs, int batches) {}

    default void stepDone(int epoch, int batch, double loss, double runningLoss) {}

    default void epochDone(EpochRecord record, boolean best) {}

    default void message(String text) {}

    /**
     * The run's committed state: called right after each checkpoint is written, and once at the start of a resumed
     * run with the checkpoint's state (so records a kill interrupted can be rewritten from it).
     */
    default void checkpointed(TrainCheckpoint.Progress progress) {}

    TrainingListener NONE = new TrainingListener() {};
}
