package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a child JVM on the test classpath for a test that kills an engine for real
 * ({@link SyncSoakIT}; modelled on {@link SyncCrashIT}'s): the child prints
 * {@code STARTED} once it runs; its stderr and the rest of its stdout go to a log file.
 */
final class ChildJvm {

  private ChildJvm() {}

  /**
   * Starts {@code mainClass} with {@code args} and waits for its {@code STARTED} line.
   *
   * @param children where the process is added, so that the test can kill what it started
   */
  static Process start(Class<?> mainClass, Path log, List<Process> children, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        mainClass.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process child = pb.start();
    children.add(child);
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("child started; see " + log).isEqualTo("STARTED");
    Thread reader = new Thread(() -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          Files.writeString(log, l + System.lineSeparator(), StandardCharsets.UTF_8,
              StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        }
      } catch (IOException e) {
        // the child is gone
      }
    }, "child-stdout");
    reader.setDaemon(true);
    reader.start();
    return child;
  }
}
