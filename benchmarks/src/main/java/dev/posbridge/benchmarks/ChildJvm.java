package dev.posbridge.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A child JVM on this JVM's class path, read line by line. */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code java <jvmArgs> -cp <this class path> <main> <args>}, stderr inherited.
   *
   * @param jvmArgs JVM options
   * @param main the main class
   * @param args its arguments
   * @return the child
   * @throws IOException if it cannot start
   */
  public static ChildJvm start(List<String> jvmArgs, Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    return new ChildJvm(pb.start());
  }

  /**
   * Reads lines until one matches.
   *
   * @param match the test
   * @return the line
   * @throws IOException if the child ends first
   */
  public String await(Predicate<String> match) throws IOException {
    String line;
    while ((line = out.readLine()) != null) {
      if (match.test(line)) {
        return line;
      }
    }
    throw new IOException("child JVM ended without the expected line (exit " + exitCode() + ")");
  }

  /**
   * Reads all remaining lines.
   *
   * @return the lines
   * @throws IOException on failure
   */
  public List<String> rest() throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
    }
    return lines;
  }

  /**
   * Waits for the exit.
   *
   * @return the exit code
   */
  public int exitCode() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // ignore: the child is ended below anyway
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
