package dev.persona.cli.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates random passwords (uniform over a character set) and passphrases (uniform over the EFF
 * large word list, 7776 words, about 12.9 bits each) with {@link SecureRandom}, and states their
 * entropy exactly: {@code length × log2(alphabet)} — every symbol is drawn independently and
 * uniformly, with no rejection of "weak" results that would make the stated figure a lie.
 *
 * <p>Results are {@code char[]} for the caller to print and wipe. Not thread-safe (one per
 * command).
 */
public final class PasswordGenerator {
  public static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  public static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  public static final String DIGITS = "0123456789";
  public static final String SYMBOLS = "!#$%&()*+,-./:;<=>?@[]^_{|}~";

  /** Confusable characters removed by {@code --no-ambiguous}. */
  public static final String AMBIGUOUS = "Il1O0o";

  private static final String WORDLIST = "eff_large_wordlist.txt";
  private static String[] words;

  private final SecureRandom random;

  public PasswordGenerator(final SecureRandom random) {
    this.random = random;
  }

  /** The alphabet for the given classes, in a fixed order. */
  public static String alphabet(
      final boolean lower,
      final boolean upper,
      final boolean digits,
      final boolean symbols,
      final boolean noAmbiguous) {
    final StringBuilder alphabet = new StringBuilder();
    if (lower) {
      alphabet.append(LOWER);
    }
    if (upper) {
      alphabet.append(UPPER);
    }
    if (digits) {
      alphabet.append(DIGITS);
    }
    if (symbols) {
      alphabet.append(SYMBOLS);
    }
    if (noAmbiguous) {
      for (int i = alphabet.length() - 1; i >= 0; i--) {
        if (AMBIGUOUS.indexOf(alphabet.charAt(i)) >= 0) {
          alphabet.deleteCharAt(i);
        }
      }
    }
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException(
          "generate: the character set is empty; enable at least one class");
    }
    return alphabet.toString();
  }

  public char[] password(final int length, final String alphabet) {
    if (length < 1 || length > 4096) {
      throw new IllegalArgumentException("generate: length must be 1..4096: length=" + length);
    }
    final char[] password = new char[length];
    for (int i = 0; i < length; i++) {
      password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return password;
  }

  public static double passwordEntropyBits(final int length, final int alphabetSize) {
    return length * log2(alphabetSize);
  }

  /**
   * Words joined by separator; capitalize upper-cases each word's first letter (adds no entropy).
   */
  public char[] passphrase(final int wordCount, final String separator, final boolean capitalize) {
    if (wordCount < 1 || wordCount > 64) {
      throw new IllegalArgumentException("generate: words must be 1..64: words=" + wordCount);
    }
    final String[] list = words();
    final StringBuilder phrase = new StringBuilder();
    for (int i = 0; i < wordCount; i++) {
      if (i > 0) {
        phrase.append(separator);
      }
      final String word = list[random.nextInt(list.length)];
      if (capitalize) {
        phrase.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
      } else {
        phrase.append(word);
      }
    }
    final char[] result = new char[phrase.length()];
    phrase.getChars(0, phrase.length(), result, 0);
    // A StringBuilder's internal array is not reachable; overwrite its contents before dropping it.
    for (int i = 0; i < phrase.length(); i++) {
      phrase.setCharAt(i, ' ');
    }
    return result;
  }

  public static double passphraseEntropyBits(final int wordCount) {
    return wordCount * log2(words().length);
  }

  /** The word list, loaded once from the class path. */
  public static synchronized String[] words() {
    if (words == null) {
      final List<String> list = new ArrayList<>(7776);
      try (InputStream in = PasswordGenerator.class.getResourceAsStream(WORDLIST)) {
        if (in == null) {
          throw new IllegalStateException(
              "generate: word list resource missing: resource=" + WORDLIST);
        }
        final BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
          final String word = line.strip().toLowerCase(Locale.ROOT);
          if (!word.isEmpty()) {
            list.add(word);
          }
        }
      } catch (final IOException e) {
        throw new UncheckedIOException(e);
      }
      words = list.toArray(new String[0]);
    }
    return words;
  }

  private static double log2(final int n) {
    return Math.log(n) / Math.log(2);
  }
}
