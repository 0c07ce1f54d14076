package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangObject;
import org.luanode.bridge.TermCodec;

/**
 * How a host's values cross to other nodes. Messages and reasons inside the node are whatever the host
 * uses (Lua values for the Lua runtime); what goes to another node must be an Erlang term, and what
 * comes from one is read into the host's form as it arrives.
 */
public interface Terms {
    /**
     * A message for a local process: what the receiver gets, so that neither side sees the other's later
     * changes (the Lua runtime copies tables; immutable values pass as they are).
     */
    Object copy(Object message);

    /**
     * A message for a process of another state of this node: as for another node, an Erlang term (a
     * host value belongs to its state); the host's own error when the value has no Erlang form.
     */
    default Object toTerm(Object message) {
        return messageToTerm(message);
    }

    /** A message for another node; the host's own error when the value has no Erlang form. */
    OtpErlangObject messageToTerm(Object message);

    /** An exit reason for another node (every reason has one). */
    OtpErlangObject reasonToTerm(Object reason);

    /**
     * A message from another node: the term in external format at {@code offset} (to the packet's end),
     * as the host's value. Throws {@link org.luanode.bridge.TermConversionException} for malformed bytes.
     */
    Object decodeMessage(byte[] packet, int offset);

    /** Plain Erlang terms everywhere: for processes written in Java. */
    Terms ERLANG = new Terms() {
        @Override
        public Object copy(Object message) {
            return message;
        }

        @Override
        public OtpErlangObject messageToTerm(Object message) {
            return (OtpErlangObject) message;
        }

        @Override
        public OtpErlangObject reasonToTerm(Object reason) {
            return (OtpErlangObject) reason;
        }

        @Override
        public Object decodeMessage(byte[] packet, int offset) {
            return TermCodec.decodeAt(packet, offset).term();
        }
    };
}
