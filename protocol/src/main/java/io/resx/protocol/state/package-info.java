/**
 * A flat binary cursor for state sections: each state owner (the matching engine, the account registry, later
 * risk) writes its own part of a snapshot with a {@link io.resx.protocol.state.StateWriter} and reads it back
 * with a {@link io.resx.protocol.state.StateReader}. Little-endian, no padding, no object per value; a
 * truncated or malformed section is a {@link io.resx.protocol.state.StateFormatException}, never a misread.
 * The snapshot file that frames the sections (versions, names, checksum) is in {@code io.resx.replay}.
 */
package io.resx.protocol.state;
