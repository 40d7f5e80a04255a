package dev.posbridge.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's quick start is the compiled code of {@link QuickStart}, character for character. */
class ReadmeQuickStartTest {

  @Test
  void readmeQuickStartIsTheCompiledSnippet() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String source = Files.readString(
        Path.of("src", "main", "java", "dev", "posbridge", "examples", "QuickStart.java"));

    Matcher block = Pattern.compile("## Quick start.*?```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    Matcher snippet = Pattern.compile("// README-START\n(.*?)\\s*// README-END", Pattern.DOTALL)
        .matcher(source);

    assertThat(block.find()).as("README has a java block under '## Quick start'").isTrue();
    assertThat(snippet.find()).as("QuickStart.java has README-START/END markers").isTrue();
    assertThat(dedent(block.group(1))).isEqualTo(dedent(snippet.group(1)));
  }

  private static List<String> dedent(String text) {
    List<String> lines = Arrays.stream(text.split("\n")).map(String::stripTrailing)
        .filter(l -> !l.isEmpty()).toList();
    int indent = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.substring(indent)).toList();
  }
}
