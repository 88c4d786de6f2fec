package dev.persona.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  @Test
  void shouldSuggestClosestName() {
    assertEquals("github", DidYouMean.suggest("gitub", List.of("gitlab-ci", "github", "aws")));
    assertEquals("GitHub", DidYouMean.suggest("githbu", List.of("GitHub")));
    assertEquals("password", DidYouMean.suggest("pasword", List.of("username", "password")));
  }

  @Test
  void shouldNotSuggestUnrelatedNames() {
    assertNull(DidYouMean.suggest("gitub", List.of("aws", "bank", "mail")));
    assertNull(DidYouMean.suggest("ab", List.of("xy")));
  }

  @Test
  void shouldComputeLevenshteinDistance() {
    assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    assertEquals(0, DidYouMean.distance("", ""));
    assertEquals(4, DidYouMean.distance("", "abcd"));
  }
}
