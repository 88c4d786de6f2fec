package dev.persona.nmhost;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

/**
 * The one Jackson {@link JsonFactory} of the host, with every read limit set for requests that are
 * flat objects of short scalars. Jackson's defaults are made for documents of megabytes (1000
 * levels, 20 M characters per string); the browser's input is untrusted, so these are tight.
 *
 * <p>Immutable; the factory is thread-safe.
 */
final class HostJson {
  /** A request is depth 1; a little more lets an ill-typed field be named instead of "too deep". */
  static final int MAX_NESTING_DEPTH = 8;

  /**
   * Jackson's own string limit (it checks it coarsely, per buffer segment); each field has an exact
   * cap of at most 2048 characters in {@link RequestDecoder}.
   */
  static final int MAX_STRING_LENGTH = 4096;

  static final int MAX_NAME_LENGTH = 256;

  /** Enough for any long ({@code -9223372036854775808} is 20 characters). */
  static final int MAX_NUMBER_LENGTH = 20;

  /** A valid request has under 20 tokens; this bounds the work a 64 KiB document can ask for. */
  static final long MAX_TOKEN_COUNT = 1000;

  /** Jackson quotes at most this much of a bad token in its messages. */
  static final int MAX_ERROR_TOKEN_LENGTH = 32;

  private HostJson() {}

  /** A factory whose parsers and generators take their buffers from {@code pool}. */
  static JsonFactory factory(final ZeroingRecyclerPool pool) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxDocumentLength(NativeMessagingFrameDescriptor.MAX_REQUEST_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxTokenCount(MAX_TOKEN_COUNT)
                .build())
        .errorReportConfiguration(
            ErrorReportConfiguration.builder()
                .maxErrorTokenLength(MAX_ERROR_TOKEN_LENGTH)
                .maxRawContentLength(0)
                .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        // No symbol table shared across requests: field names from one message leave nothing
        // behind.
        .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
        .recyclerPool(pool)
        .build();
  }
}
