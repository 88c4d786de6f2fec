package dev.persona.server.rpc;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.persona.engine.Engine;
import dev.persona.engine.PersonaException;
import dev.persona.engine.VaultInfo;
import dev.persona.schema.fb.Request;
import dev.persona.schema.fb.RequestBody;
import dev.persona.schema.fb.ResponseBody;
import dev.persona.schema.fb.TokenInfo;
import dev.persona.schema.fb.TokenIssueRequest;
import dev.persona.schema.fb.TokenIssueResponse;
import dev.persona.schema.fb.TokenListResponse;
import dev.persona.schema.fb.TokenRevokeRequest;
import dev.persona.schema.fb.TokenScope;
import dev.persona.schema.fb.UnlockRequest;
import dev.persona.schema.fb.UnlockResponse;
import dev.persona.server.token.AccessToken;
import dev.persona.server.token.TokenRegistry;
import dev.persona.server.token.TokenSettings;
import io.netty.channel.Channel;
import java.util.Arrays;
import java.util.List;

/**
 * Access tokens over RPC: issue (alone or as part of unlock), revoke one or all, list metadata. The
 * token text leaves the daemon once, in the response, and is zeroed here and in the encoder right
 * after; who may call what is {@link TokenGate}'s business, checked before this runs.
 *
 * <p>Conductor thread only.
 */
final class TokenRpcHandler {
  private final Engine engine;
  private final TokenRegistry registry;
  private final TokenSettings settings;
  private String lastIssuedId = "";

  TokenRpcHandler(final Engine engine, final TokenRegistry registry, final TokenSettings settings) {
    this.engine = engine;
    this.registry = registry;
    this.settings = settings;
  }

  /** The id of the token the last {@link #unlockResponse} issued, or "" (for the audit event). */
  String lastIssuedId() {
    return lastIssuedId;
  }

  boolean handles(final byte bodyType) {
    return bodyType >= RequestBody.TokenIssueRequest && bodyType <= RequestBody.TokenListRequest;
  }

  /** Handles one token request, sends its response, and returns the audit target. */
  String handle(
      final Channel channel,
      final long requestId,
      final byte bodyType,
      final Request request,
      final ResponseProxy responseProxy,
      final int uid) {
    final FlatBufferBuilder builder = responseProxy.builder();
    switch (bodyType) {
      case RequestBody.TokenIssueRequest -> {
        final TokenIssueRequest issue = (TokenIssueRequest) request.body(new TokenIssueRequest());
        final TokenRegistry.Issued issued =
            issue(uid, issue.scope(), issue.vault(), issue.ttlMs(), issue.idleMs());
        try {
          final int token = builder.createByteVector(issued.token());
          final int body =
              TokenIssueResponse.createTokenIssueResponse(
                  builder, token, writeInfo(builder, issued.info()));
          responseProxy.sendBody(channel, requestId, ResponseBody.TokenIssueResponse, body);
        } finally {
          Arrays.fill(issued.token(), (byte) 0);
        }
        return issued.info().id();
      }
      case RequestBody.TokenRevokeRequest -> {
        final TokenRevokeRequest revoke =
            (TokenRevokeRequest) request.body(new TokenRevokeRequest());
        if (revoke.all()) {
          final int revoked = registry.revokeAll();
          responseProxy.sendAck(channel, requestId, null, revoked);
          return "all";
        }
        final String id = RpcDispatcher.required(revoke.tokenId(), "token_id");
        if (!registry.revoke(id)) {
          throw new PersonaException(
              PersonaException.Category.NOT_FOUND,
              "no live token '" + id + "' (revoked, expired, or the vault was locked)");
        }
        responseProxy.sendAck(channel, requestId, id, 0);
        return id;
      }
      case RequestBody.TokenListRequest -> {
        final List<AccessToken> tokens = registry.list();
        final int[] offsets = new int[tokens.size()];
        for (int i = 0; i < offsets.length; i++) {
          offsets[i] = writeInfo(builder, tokens.get(i));
        }
        final int body =
            TokenListResponse.createTokenListResponse(
                builder, TokenListResponse.createTokensVector(builder, offsets));
        responseProxy.sendBody(channel, requestId, ResponseBody.TokenListResponse, body);
        return "";
      }
      default -> throw new IllegalStateException("not a token request: " + bodyType);
    }
  }

  /**
   * The {@code UnlockResponse} for an unlock that just succeeded, with a token in it when the
   * request asked for one; returns the body offset ({@link #lastIssuedId()} names the token).
   */
  int unlockResponse(final FlatBufferBuilder builder, final UnlockRequest unlock, final int uid) {
    lastIssuedId = "";
    if (!unlock.issueToken()) {
      return UnlockResponse.createUnlockResponse(builder, 0, 0, 0, engine.lockAtMs());
    }
    final TokenRegistry.Issued issued =
        issue(
            uid,
            unlock.tokenScope(),
            unlock.tokenVault(),
            unlock.tokenTtlMs(),
            unlock.tokenIdleMs());
    try {
      final int token = builder.createByteVector(issued.token());
      lastIssuedId = issued.info().id();
      return UnlockResponse.createUnlockResponse(
          builder,
          token,
          builder.createString(issued.info().id()),
          issued.info().expiresMs(),
          engine.lockAtMs());
    } finally {
      Arrays.fill(issued.token(), (byte) 0);
    }
  }

  /** Refuses a scope value this daemon does not know (BAD_INPUT), e.g. before unlocking. */
  static void checkScope(final int scope) {
    if (scope < TokenScope.FULL || scope > TokenScope.SSH_ONLY) {
      throw new IllegalArgumentException("field=token_scope unknown token scope " + scope);
    }
  }

  private TokenRegistry.Issued issue(
      final int uid, final int scope, final String vault, final long ttlMs, final long idleMs) {
    if (engine.isLocked()) {
      throw new PersonaException(
          PersonaException.Category.LOCKED,
          "problem=tokens are issued only while the vault is unlocked");
    }
    checkScope(scope);
    String vaultId = null;
    if (vault != null && !vault.isEmpty()) {
      vaultId = engine.vaultIdOf(vault);
      if (vaultId == null) {
        throw new PersonaException(
            PersonaException.Category.NOT_FOUND, "no vault '" + vault + "' to scope a token to");
      }
    }
    final long lifetimeMs = settings.ttlMs(ttlMs);
    final TokenRegistry.Issued issued =
        registry.issue(uid, scope, vaultId, lifetimeMs, settings.idleMs(idleMs, lifetimeMs));
    if (issued == null) {
      throw new PersonaException(
          PersonaException.Category.CONFLICT,
          "problem=too many live tokens ("
              + TokenRegistry.MAX_TOKENS
              + "); revoke some with persona token revoke");
    }
    return issued;
  }

  private int writeInfo(final FlatBufferBuilder builder, final AccessToken token) {
    final int id = builder.createString(token.id());
    final int vault = token.vaultId() == null ? 0 : builder.createString(vaultName(token));
    return TokenInfo.createTokenInfo(
        builder,
        id,
        token.scope(),
        vault,
        token.createdMs(),
        token.expiresMs(),
        token.idleMs(),
        token.lastUsedMs());
  }

  /** The current name of the token's vault (it follows renames), or its id once deleted. */
  private String vaultName(final AccessToken token) {
    for (final VaultInfo vault : engine.listVaults()) {
      if (vault.id().equals(token.vaultId())) {
        return vault.name();
      }
    }
    return token.vaultId();
  }
}
