package org.segrad.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code segrad} command line: one subcommand per task (SPEC §6). */
@Command(name = "segrad", mixinStandardHelpOptions = true, version = "segrad 0.1.0",
        description = "Pure-Java autodiff and segmentation engine.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, LossCommand.class, GradplotCommand.class,
                CompareCommand.class, GradcheckCommand.class, GradmapCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class SegradCli implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage on stderr and exit code 2 (a missing command is a usage error). */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("segrad: missing command; one of train, eval, predict, loss, gradplot, compare, gradcheck, bench (segrad --help)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Runs the CLI; bad arguments print one line naming the problem and exit with code 2. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SegradCli());
        LossArgs.addHelp(cl);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("segrad: " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("segrad " + cmd.getCommandName() + ": " + ex.getMessage());
            return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
        });
        cl.setExecutionStrategy(OutOfMemory.reporting(new CommandLine.RunLast()));
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
