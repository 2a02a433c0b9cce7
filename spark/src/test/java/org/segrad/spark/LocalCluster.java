package org.segrad.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 for the tests: a Master and N Workers (1 core each), each its own JVM
 * started from the Maven jars on the test class path (no Spark installation: SPARK_HOME is an empty folder with a
 * {@code jars/} directory, and the executors get the test class path as {@code spark.executor.extraClassPath}).
 * Ports are chosen free; every start waits a bounded time; {@link #close} kills the Workers' executors, the Workers
 * and the Master.
 */
final class LocalCluster implements AutoCloseable {
    /** Generous: on a 2-core machine under load a Worker took ~60 s to register. */
    private static final long START_SECONDS = 240;
    private final Path dir;
    private final int port, uiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private LocalCluster(Path dir, int workerCount) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir.resolve("home/jars"));
        port = freePort();
        uiPort = freePort();
        master = start("master", "org.apache.spark.deploy.master.Master", "-Dspark.master.rest.enabled=false", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", Integer.toString(uiPort));
        try {
            awaitPort(); // Workers that start before the Master back off for many seconds
            for (int i = 0; i < workerCount; i++) {
                workers.add(start("worker" + i, "org.apache.spark.deploy.worker.Worker", null, "--host", "127.0.0.1", "--port", "0",
                        "--webui-port", "0", "--cores", "1", "--memory", "768m", "--work-dir", dir.resolve("work" + i).toString(), url()));
            }
            awaitAliveWorkers(workerCount);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    static LocalCluster start(Path dir, int workers) throws Exception {
        return new LocalCluster(dir, workers);
    }

    /** The test class path: what the Master, the Workers and the executors run on. */
    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** Kills Worker {@code i} and the executors it launched, at once (SIGKILL): a machine that dies mid-sweep. */
    void killWorker(int i) {
        kill(workers.get(i));
    }

    /** Starts a daemon JVM (small heap, C1 only: they coordinate, the executors compute) with {@code property} if not null. */
    private Process start(String name, String mainClass, String property, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String opens = System.getProperty("segrad.spark.opens", "").trim();
        if (!opens.isEmpty()) cmd.addAll(Arrays.asList(opens.split("\\s+")));
        if (property != null) cmd.add(property);
        cmd.addAll(List.of("-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_HOME", dir.resolve("home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    private void awaitPort() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!reachable(port)) {
            if (!master.isAlive()) throw new IllegalStateException("the Master exited: " + log("master"));
            if (System.nanoTime() > deadline) throw new IllegalStateException("the Master is not up after " + START_SECONDS + " s: " + log("master"));
            Thread.sleep(250);
        }
    }

    private void awaitAliveWorkers(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) throw new IllegalStateException("the Master exited: " + log("master"));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + uiPort + "/json/").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                try (InputStream in = c.getInputStream()) {
                    last = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher m = alive.matcher(last);
                if (m.find() && Integer.parseInt(m.group(1)) >= n) return;
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("fewer than " + n + " Workers alive after " + START_SECONDS + " s: " + last + "\n--- master:\n" + log("master")
                + "\n--- worker0:\n" + log("worker0"));
    }

    /** The tail of a process's log, for failure messages. */
    String log(String name) {
        try {
            String s = Files.readString(dir.resolve(name + ".log"));
            return s.substring(Math.max(0, s.length() - 3000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        for (ProcessHandle h : children) h.destroyForcibly();
        p.onExit().completeOnTimeout(p, 20, TimeUnit.SECONDS).join();
        for (ProcessHandle h : children) h.onExit().completeOnTimeout(h, 20, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        for (Process w : workers) kill(w);
        kill(master);
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
