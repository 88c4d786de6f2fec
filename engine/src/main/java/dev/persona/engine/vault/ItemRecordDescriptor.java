package dev.persona.engine.vault;

import dev.persona.engine.crypto.RecordDescriptor;

/**
 * Layout of an item record in the {@code items} and {@code history} databases. The item key is
 * wrapped under the vault key in every revision, so a history record can be opened on its own.
 *
 * <pre>
 *   0     1       2              10            18                       78
 *   +-----+-------+--------------+-------------+------------------------+----------------------+
 *   | ver | suite | revision (8) | item key id | wrapped item key (60)  | sealed body (box)    |
 *   +-----+-------+--------------+-------------+------------------------+----------------------+
 *   wrapped key AAD: (vault id, ITEM_KEY, item id, vault key id, revision 0)
 *   body AAD:        (vault id, ITEM,     item id, item key id,  revision)
 * </pre>
 */
public final class ItemRecordDescriptor {
  public static final int VERSION_OFFSET = 0;
  public static final int SUITE_OFFSET = 1;
  public static final int REVISION_OFFSET = 2;
  public static final int KEY_ID_OFFSET = 10;
  public static final int WRAPPED_KEY_OFFSET = 18;
  public static final int BODY_OFFSET = WRAPPED_KEY_OFFSET + RecordDescriptor.WRAPPED_KEY_LENGTH;

  private ItemRecordDescriptor() {}
}
